package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.encoder.EncoderOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The harness of the PEFT parity tests: the committed hubert_group_postln encoder, its last hidden
 * state on the committed utterance, PyTorch's reference outputs, the comparison that prints {@code
 * max abs difference}, and PEFT's file layout (tensor names and shapes, config fields). Each test
 * keeps its own fixtures, specs and tolerances.
 */
final class PeftParity {

  /** The encoder every PEFT fixture was made on. */
  static final String MODEL = "hubert_group_postln";

  /** The name a loaded PEFT file gets as an adapter. */
  static final String ADAPTER = "peft";

  private PeftParity() {}

  /** The encoder's checkpoint directory, which also holds the PEFT fixtures. */
  static Path modelDir() throws Exception {
    return Fixtures.encoderDir().resolve(MODEL);
  }

  /**
   * A PEFT fixture of the encoder: a directory under {@link #modelDir()} holding PyTorch's {@code
   * reference.safetensors} and one PEFT adapter directory per model layout.
   *
   * @param name the fixture's directory name, e.g. {@code peft_conv_lora}
   */
  record Fixture(String name) {

    /** The fixture's directory. */
    Path dir() throws Exception {
      return modelDir().resolve(name);
    }

    /** One PEFT adapter directory of the fixture, e.g. {@code sequence_classification}. */
    Path copy(String layout) throws Exception {
      return dir().resolve(layout);
    }

    /** The PEFT adapter directory saved from Hugging Face's {@code HubertModel}. */
    Path hubertModel() throws Exception {
      return copy("hubert_model");
    }

    /** PyTorch's outputs with the adapter active. */
    Path reference() throws Exception {
      return dir().resolve("reference.safetensors");
    }
  }

  /** The encoder, loaded from its checkpoint and wrapped for adapters. */
  static AdapterModel loadModel(NDManager m) throws Exception {
    return AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
  }

  /** The model's last hidden state [1, frames, hidden] on the committed first utterance. */
  static NDArray lastHiddenState(AdapterModel model, NDManager m) throws Exception {
    float[] a = Fixtures.firstUtterance();
    NDList out =
        model.forward(
            new ParameterStore(m, false), new NDList(m.create(a, new Shape(1, a.length))), false);
    return EncoderOutput.of(out).lastHiddenState();
  }

  /** One tensor of a reference file PyTorch wrote. */
  static NDArray reference(Path file, String name, NDManager m) throws IOException {
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      return r.readArray(name, m);
    }
  }

  /** The largest absolute element difference; the shapes must be equal. */
  static float maxAbsDiff(NDArray expected, NDArray actual) {
    assertEquals(expected.getShape(), actual.getShape());
    return expected.sub(actual).abs().max().getFloat();
  }

  /**
   * Prints {@code what: max abs difference} and asserts it is within the tolerance.
   *
   * @return the difference
   */
  static float compare(String what, NDArray expected, NDArray actual, float tolerance) {
    assertEquals(expected.getShape(), actual.getShape(), what + " shape");
    float d = expected.sub(actual).abs().max().getFloat();
    System.out.printf(
        "%s: max abs difference %.3g (max |ref| %.3g, tolerance %.0g)%n",
        what, d, expected.abs().max().getFloat(), tolerance);
    assertTrue(d <= tolerance, what + ": max abs difference " + d + " > " + tolerance);
    return d;
  }

  /**
   * Loads a PEFT file into a fresh encoder as adapter {@link #ADAPTER}, asserts the spec it reads
   * and activates it.
   */
  static Loaded load(NDManager m, Path adapterDir, AdapterSpec expectedSpec) throws Exception {
    AdapterModel model = loadModel(m);
    NDArray base = lastHiddenState(model, m);
    AdapterConfig config = AdapterFiles.load(model, adapterDir, ADAPTER);
    assertEquals(expectedSpec, config.spec());
    model.setActiveAdapters(ADAPTER);
    return new Loaded(model, m, base);
  }

  /** An encoder with a PEFT file loaded and active, and its output before the adapter. */
  record Loaded(AdapterModel model, NDManager manager, NDArray base) {

    /** The last hidden state with the adapter active. */
    NDArray output() throws Exception {
      return lastHiddenState(model, manager);
    }

    /**
     * Compares the output with the reference's {@code last_hidden_state} within the tolerance, and
     * asserts the reference differs from the base model's output by more than {@code minShift}, so
     * that the comparison sees the adapter.
     */
    Compared compare(String what, Path referenceFile, float tolerance, float minShift)
        throws Exception {
      NDArray expected = reference(referenceFile, "last_hidden_state", manager);
      NDArray actual = output();
      float d = PeftParity.compare(what, expected, actual, tolerance);
      float shift = expected.sub(base).abs().max().getFloat();
      System.out.printf("the adapter moves the output by max %.3g%n", shift);
      assertTrue(shift > minShift, "the reference must differ from the base model: " + shift);
      return new Compared(expected, actual, d);
    }
  }

  /** PyTorch's output, ours, and their max abs difference. */
  record Compared(NDArray expected, NDArray actual, float difference) {}

  /** Saves an adapter with the provenance of the fixtures' encoder. */
  static Path save(AdapterModel model, String adapter, Path out) throws IOException {
    AdapterFiles.save(model, adapter, out, Provenance.builder().setBaseModel(MODEL).build());
    return out;
  }

  /**
   * Adds a fresh adapter with this spec to a fresh encoder, saves it, and asserts the saved file
   * holds the PEFT copy's tensor names and shapes, with PEFT's metadata.
   *
   * @return the directory it was saved to
   */
  static Path saveFresh(NDManager m, String adapter, AdapterSpec spec, Path peft, Path out)
      throws Exception {
    AdapterModel model = loadModel(m);
    model.addAdapter(adapter, spec);
    save(model, adapter, out);
    assertSameTensors(peft, out);
    return out;
  }

  /**
   * Writes an adapter directory next to a PEFT one: the same config, and each tensor mapped (a null
   * drops it).
   *
   * @return the directory
   */
  static Path withTensors(
      NDManager m, Path peft, Path dir, BiFunction<String, NDArray, NDArray> map)
      throws IOException {
    Files.createDirectories(dir);
    Files.copy(peft.resolve(AdapterConfig.FILE_NAME), dir.resolve(AdapterConfig.FILE_NAME));
    try (SafetensorsReader r = SafetensorsReader.open(peft.resolve(AdapterFiles.TENSOR_FILE))) {
      SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", "pt");
      for (String name : r.names()) {
        NDArray a = map.apply(name, r.readArray(name, m));
        if (a != null) {
          w.add(name, a);
        }
      }
      w.write(dir.resolve(AdapterFiles.TENSOR_FILE));
    }
    return dir;
  }

  /** Loads an adapter directory into the model, which must refuse it; prints the message. */
  static IllegalArgumentException refused(AdapterModel model, Path dir) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model, dir, "x"));
    System.out.println(e.getMessage());
    return e;
  }

  /** Tensor names and shapes of an adapter directory's tensor file. */
  static Map<String, Shape> shapes(Path dir) throws IOException {
    Map<String, Shape> out = new TreeMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(AdapterFiles.TENSOR_FILE))) {
      for (TensorInfo t : r.tensors().values()) {
        out.put(t.name(), t.shape());
      }
    }
    return out;
  }

  /** {@link #shapes}, asserting the file carries PEFT's metadata {@code format: pt}. */
  static Map<String, Shape> peftShapes(Path dir) throws IOException {
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(AdapterFiles.TENSOR_FILE))) {
      assertEquals("pt", r.metadata().get("format"), dir + ": PEFT's metadata");
    }
    return shapes(dir);
  }

  /** Asserts both directories hold the same tensor names and shapes, with PEFT's metadata. */
  static void assertSameTensors(Path peft, Path ours) throws IOException {
    Map<String, Shape> expected = peftShapes(peft);
    Map<String, Shape> actual = peftShapes(ours);
    System.out.println(peft.getFileName() + " tensors: " + actual.keySet());
    assertEquals(expected, actual, "tensor names and shapes");
  }

  /** An adapter directory's {@code adapter_config.json}. */
  static JsonObject json(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve(AdapterConfig.FILE_NAME)))
        .getAsJsonObject();
  }

  /**
   * Whether sure4j's value of a PEFT field is PEFT's: the fields in {@code sets} as sets of the
   * same size, numbers by value when {@code numbers}, anything else as equal JSON.
   */
  static boolean sameValue(
      String field, JsonElement peft, JsonElement ours, Set<String> sets, boolean numbers) {
    if (sets.contains(field)) {
      return sameSet(peft, ours);
    }
    return peft.equals(ours) || numbers && sameNumber(peft, ours);
  }

  private static boolean sameSet(JsonElement e, JsonElement a) {
    if (e.isJsonNull() || a.isJsonNull()) {
      return e.isJsonNull() && a.isJsonNull();
    }
    Set<JsonElement> x = new HashSet<>();
    e.getAsJsonArray().forEach(x::add);
    Set<JsonElement> y = new HashSet<>();
    a.getAsJsonArray().forEach(y::add);
    return x.equals(y) && e.getAsJsonArray().size() == a.getAsJsonArray().size();
  }

  private static boolean sameNumber(JsonElement e, JsonElement a) {
    return e.isJsonPrimitive()
        && a.isJsonPrimitive()
        && e.getAsJsonPrimitive().isNumber()
        && a.getAsJsonPrimitive().isNumber()
        && e.getAsDouble() == a.getAsDouble();
  }

  /**
   * Asserts every PEFT field sure4j writes has PEFT's value (the fields in {@code sets} as sets,
   * numbers by value), and every field it leaves out is one of {@code defaults} with the value PEFT
   * gives it when absent.
   *
   * @param defaults PEFT fields sure4j does not write, with PEFT's value for them as JSON text
   */
  static void assertPeftFields(Path peft, Path ours, Set<String> sets, Map<String, String> defaults)
      throws IOException {
    JsonObject expected = json(peft);
    JsonObject actual = json(ours);
    Set<String> written = new TreeSet<>(actual.keySet());
    written.remove("sure4j");
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(written);
    System.out.println(peft.getFileName() + " config: PEFT fields written " + written);
    System.out.println(peft.getFileName() + " config: left to PEFT's defaults " + missing);
    Map<String, JsonElement> differing = new LinkedHashMap<>();
    for (String f : written) {
      assertTrue(expected.has(f), "sure4j writes a field PEFT does not have: " + f);
      if (!sameValue(f, expected.get(f), actual.get(f), sets, true)) {
        differing.put(f, actual.get(f));
      }
    }
    assertEquals(Map.of(), differing, "fields whose value differs from PEFT's");
    for (String f : missing) {
      assertTrue(defaults.containsKey(f), "PEFT field not written and not a default: " + f);
      assertEquals(
          JsonParser.parseString(defaults.get(f)), expected.get(f), "PEFT default of " + f);
    }
  }
}
