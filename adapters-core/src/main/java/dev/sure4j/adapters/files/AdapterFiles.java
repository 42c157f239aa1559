package dev.sure4j.adapters.files;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves one adapter of an {@link AdapterModel} to a directory and loads it back:
 *
 * <pre>
 * dir/adapter_config.json         the spec (PEFT field names) and provenance, see {@link AdapterConfig}
 * dir/adapter_model.safetensors   only this adapter's tensors and its head's, float32
 * </pre>
 *
 * <p>Tensor names are {@link Adapter#tensors()}'s: {@code
 * base_model.model.encoder.layers.0.attention.q_proj.lora_A.weight} for LoRA (PEFT's names), the
 * same style for the other methods, {@code head.<path>} for the head.
 *
 * <p>Saving is atomic: both files are written into a temporary sibling directory which then
 * replaces {@code dir}, so a crash never leaves a half-written adapter and an existing adapter is
 * replaced only once the new one is complete. Loading checks the config, every tensor name and
 * every shape, and reads every value (refusing NaN and infinite ones, naming the tensor), before it
 * changes anything; a failed load leaves the model as it was.
 */
public final class AdapterFiles {

  /** The tensor file inside an adapter directory. */
  public static final String TENSOR_FILE = "adapter_model.safetensors";

  /**
   * The module prefixes the plain {@code load} methods strip: {@code *.} stands for any one outer
   * attribute, as a Hugging Face task model wraps its encoder ({@code
   * XForSequenceClassification.<attr>}): a file tensor {@code base_model.model.<attr>.encoder...}
   * loads into {@code encoder...} when that path exists and the bare name does not.
   */
  public static final List<String> ANY_OUTER_MODULE = List.of(TensorNames.ANY_ONE_MODULE);

  private AdapterFiles() {}

  /**
   * Saves an adapter with sure4j's tensor names.
   *
   * @param model the model holding the adapter
   * @param adapterName the adapter to save
   * @param dir the adapter directory; created, or replaced atomically when it exists (other files
   *     in it are kept)
   * @param provenance where the adapter came from
   * @throws IOException when writing fails; {@code dir} is then unchanged
   */
  public static void save(AdapterModel model, String adapterName, Path dir, Provenance provenance)
      throws IOException {
    write(model.adapter(adapterName), dir, provenance, null);
  }

  /**
   * Saves an adapter in the layout PEFT expects for a Hugging Face task model, for loading with
   * {@code PeftModel.from_pretrained}: encoder tensors are named {@code
   * base_model.model.<modulePrefix><path>}, head tensors {@code base_model.model.<head path>} with
   * the head's top-level modules listed in {@code modules_to_save}.
   *
   * @param model the model holding the adapter
   * @param adapterName the adapter to save
   * @param dir the adapter directory
   * @param provenance where the adapter came from
   * @param modulePrefix the encoder's attribute in the Python task model followed by a dot, or
   *     {@code ""}
   * @throws IOException when writing fails; {@code dir} is then unchanged
   */
  public static void saveForPeft(
      AdapterModel model, String adapterName, Path dir, Provenance provenance, String modulePrefix)
      throws IOException {
    checkArgument(
        modulePrefix != null && (modulePrefix.isEmpty() || modulePrefix.endsWith(".")),
        "module prefix must be empty or end with '.': '%s'",
        modulePrefix);
    write(model.adapter(adapterName), dir, provenance, modulePrefix);
  }

  private static void write(Adapter adapter, Path dir, Provenance provenance, String peftPrefix)
      throws IOException {
    checkArgument(provenance != null, "provenance must not be null");
    SafetensorsWriter tensors = SafetensorsWriter.create().putMetadata("format", "pt");
    try (NDManager m = NDManager.newBaseManager()) {
      for (Map.Entry<String, NDArray> e : adapter.method().savedTensors(adapter, m).entrySet()) {
        String name = peftPrefix == null ? e.getKey() : TensorNames.toPeft(e.getKey(), peftPrefix);
        tensors.add(name, e.getValue());
      }
    }
    AdapterConfig config =
        AdapterConfig.of(
            adapter.method().savedSpec(adapter),
            provenance,
            adapter.head().map(h -> h.getClass().getName()).orElse(null),
            adapter.head().map(AdapterFiles::topLevelModules).orElse(List.of()));
    Path target = dir.toAbsolutePath().normalize();
    AtomicFiles.writeDirectory(
        target,
        tmp -> {
          config.write(tmp.resolve(AdapterConfig.FILE_NAME));
          tensors.write(tmp.resolve(TENSOR_FILE));
          if (Files.isDirectory(target)) {
            AtomicFiles.copyOthers(target, tmp, Set.of(AdapterConfig.FILE_NAME, TENSOR_FILE));
          }
        });
  }

  private static List<String> topLevelModules(Block head) {
    Set<String> names = new LinkedHashSet<>();
    for (String path : StateDict.of(head, "").keySet()) {
      int dot = path.indexOf('.');
      if (dot > 0) {
        names.add(path.substring(0, dot));
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * Loads an adapter without a head. See {@link #load(AdapterModel, Path, String, Block, List)}.
   *
   * @param model the model to add the adapter to
   * @param dir the adapter directory
   * @param adapterName a new adapter name
   * @return the config read from the directory
   * @throws IOException when a file cannot be read or is corrupt; the model is then unchanged
   */
  public static AdapterConfig load(AdapterModel model, Path dir, String adapterName)
      throws IOException {
    return load(model, dir, adapterName, null, ANY_OUTER_MODULE);
  }

  /**
   * Loads only the encoder side of an adapter: tensors of a saved head ({@code head.*}) are
   * skipped, so a task adapter can change an encoder's hidden states without its head (as {@code
   * ./sure4j encode --adapter} does). See {@link #load(AdapterModel, Path, String, Block, List)}.
   *
   * @param model the model to add the adapter to
   * @param dir the adapter directory
   * @param adapterName a new adapter name
   * @return the config read from the directory
   * @throws IOException when a file cannot be read or is corrupt; the model is then unchanged
   */
  public static AdapterConfig loadWithoutHead(AdapterModel model, Path dir, String adapterName)
      throws IOException {
    return load(model, dir, adapterName, null, ANY_OUTER_MODULE, true);
  }

  /**
   * Loads an adapter with a head. See {@link #load(AdapterModel, Path, String, Block, List)}.
   *
   * @param model the model to add the adapter to
   * @param dir the adapter directory
   * @param adapterName a new adapter name
   * @param head an initialised head of the saved head's architecture, or null
   * @return the config read from the directory
   * @throws IOException when a file cannot be read or is corrupt; the model is then unchanged
   */
  public static AdapterConfig load(AdapterModel model, Path dir, String adapterName, Block head)
      throws IOException {
    return load(model, dir, adapterName, head, ANY_OUTER_MODULE);
  }

  /**
   * Loads an adapter: reads the config, prepares the adapter on the model without changing it,
   * matches every file tensor to an expected name (see {@link #ANY_OUTER_MODULE} for PEFT files),
   * checks every shape, reads every value, and only then copies the values into the adapter's
   * parameters and attaches it. The adapter is attached inactive: call {@link
   * AdapterModel#setActiveAdapters}. Values stored as F16, BF16 or F64 are converted to float32.
   *
   * @param model the model to add the adapter to
   * @param dir the adapter directory
   * @param adapterName a new adapter name
   * @param head an initialised head of the saved head's architecture, or null when the file has no
   *     head tensors
   * @param modulePrefixes encoder prefixes to strip from PEFT names when the bare path exists (e.g.
   *     {@code "encoder_attr."}; {@code "*."} strips any one outer module)
   * @return the config read from the directory
   * @throws IOException when a file cannot be read or is corrupt; the model is then unchanged
   * @throws IllegalArgumentException for a malformed config, a taken name, or tensors that do not
   *     match (missing or unexpected names, or shapes: the message names the tensor, both shapes
   *     and the file); the model is then unchanged
   */
  public static AdapterConfig load(
      AdapterModel model, Path dir, String adapterName, Block head, List<String> modulePrefixes)
      throws IOException {
    return load(model, dir, adapterName, head, modulePrefixes, false);
  }

  private static AdapterConfig load(
      AdapterModel model,
      Path dir,
      String adapterName,
      Block head,
      List<String> modulePrefixes,
      boolean skipHead)
      throws IOException {
    AdapterConfig config = AdapterConfig.read(dir.resolve(AdapterConfig.FILE_NAME));
    Adapter adapter;
    try {
      adapter = model.prepare(adapterName, config.spec(), head);
    } catch (IllegalArgumentException e) {
      // e.g. target modules the model does not have: say which adapter asked for them
      throw new IllegalArgumentException(
          dir.resolve(AdapterConfig.FILE_NAME) + ": " + e.getMessage(), e);
    }
    try {
      Map<Parameter, float[]> values =
          SavedTensors.read(
              adapter,
              dir.resolve(TENSOR_FILE),
              modulePrefixes,
              skipHead ? headPrefixes(config) : List.of());
      values.forEach((p, v) -> p.getArray().set(FloatBuffer.wrap(v)));
    } catch (IOException | RuntimeException e) {
      adapter.blocks().values().forEach(b -> b.getParameters().values().forEach(Parameter::close));
      throw e;
    }
    model.attach(adapter);
    return config;
  }

  /** The name prefixes of a saved head: sure4j's {@code head.} and PEFT's modules_to_save. */
  private static List<String> headPrefixes(AdapterConfig config) {
    List<String> prefixes = new ArrayList<>();
    prefixes.add(Adapter.HEAD_PREFIX);
    config.modulesToSave().forEach(m -> prefixes.add(Adapter.BASE_PREFIX + m + "."));
    return prefixes;
  }
}
