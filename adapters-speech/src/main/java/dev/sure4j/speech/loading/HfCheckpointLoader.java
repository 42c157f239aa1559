package dev.sure4j.speech.loading;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Loads a Hugging Face HuBERT or wav2vec2 checkpoint directory into a {@link SpeechEncoder}.
 *
 * <p>The directory holds {@code config.json} and the weights: {@code model.safetensors}, a sharded
 * {@code model.safetensors.index.json} with its shards, or the same as PyTorch {@code torch.save}
 * files ({@code pytorch_model.bin} or {@code pytorch_model.bin.index.json}), read without Python
 * and without running their pickles; safetensors is preferred when both are present (see {@link
 * CheckpointFiles}). Tensor names may carry the {@code hubert.} or {@code wav2vec2.} prefix of
 * checkpoints saved from {@code ...ForCTC}, {@code ...ForSequenceClassification} or {@code
 * ...ForPreTraining} models. The positional convolution's weight norm is accepted as {@code
 * weight_g}/{@code weight_v} or as {@code parametrizations.weight.original0}/{@code original1} and
 * folded into one weight, {@code w = g * v / ||v||} with the norm over every axis where {@code g}
 * has size 1 (all but the kernel axis for wav2vec2's {@code dim=2}). Float16, bfloat16 and float64
 * tensors are converted to float32.
 *
 * <p>Tensors outside the base encoder are ignored: heads ({@code lm_head}, {@code classifier},
 * {@code projector}, {@code layer_weights}), pretraining-only tensors ({@code quantizer}, {@code
 * project_q}, {@code project_hid}, {@code final_proj}, {@code label_embs_concat}) and {@code
 * masked_spec_embed} (SpecAugment's mask vector, which this encoder does not apply), and Whisper's
 * {@code proj_out}, which is tied to {@code model.decoder.embed_tokens}. Any other unexpected
 * tensor, a missing tensor, or a shape mismatch is an error that names the tensor and both shapes,
 * all on one line. Every tensor's name, shape, dtype and byte range is checked, and every value is
 * checked to be finite (a NaN or infinite weight is refused, naming the file and the tensor),
 * before any value is copied, so a checkpoint that fails validation leaves the encoder as it was.
 */
public final class HfCheckpointLoader {

  /** File names in a checkpoint directory. */
  public static final String CONFIG = "config.json";

  /** The single-file weights. */
  public static final String SAFETENSORS = "model.safetensors";

  /** The index of sharded weights. */
  public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

  private static final List<String> PREFIXES = List.of("hubert.", "wav2vec2.");
  private static final Set<String> IGNORED_ROOTS =
      Set.of(
          "lm_head",
          "classifier",
          "projector",
          "layer_weights",
          "quantizer",
          "project_q",
          "project_hid",
          "final_proj",
          "label_embs_concat",
          "masked_spec_embed",
          "proj_out");
  private static final int MAX_LISTED = 20;
  private static final Set<TensorDType> FLOATS =
      EnumSet.of(TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.F64);

  private HfCheckpointLoader() {}

  /**
   * Reads the config, builds the encoder, initialises it on a manager and loads the weights.
   *
   * @param dir the checkpoint directory
   * @param manager the manager that owns the parameters
   * @return the loaded encoder, in float32
   * @throws IllegalArgumentException when the directory, config or weights are invalid
   * @throws UncheckedIOException when a file cannot be read
   */
  public static SpeechEncoder load(Path dir, NDManager manager) {
    EncoderConfig config = EncoderConfig.fromFile(dir.resolve(CONFIG));
    SpeechEncoder encoder = new SpeechEncoder(config);
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, config.receptiveField()));
    loadWeights(encoder, dir);
    return encoder;
  }

  /**
   * Loads the weights of a checkpoint directory into an initialised encoder. Parameters of attached
   * adapters (under {@code adapters.}) are not touched.
   *
   * @param encoder an initialised encoder of the checkpoint's geometry
   * @param dir the checkpoint directory
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor; the
   *     encoder is then unchanged
   * @throws UncheckedIOException when a file cannot be read
   */
  public static void loadWeights(SpeechEncoder encoder, Path dir) {
    loadWeights(encoder, dir, "encoder");
  }

  /**
   * Loads the weights of a checkpoint directory into any initialised model whose {@link StateDict}
   * names are the checkpoint's tensor names (after the prefixes and ignored roots described above),
   * with the same checks as {@link #loadWeights(SpeechEncoder, Path)}. Parameters of attached
   * adapters are not touched.
   *
   * @param model an initialised model of the checkpoint's geometry
   * @param dir the checkpoint directory
   * @param what the model's name in error messages ({@code encoder}, {@code Whisper model})
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor; the
   *     model is then unchanged
   * @throws UncheckedIOException when a file cannot be read
   */
  public static void loadWeights(Block model, Path dir, String what) {
    loadWeights(model, dir, what, name -> false);
  }

  /**
   * Loads the weights of a checkpoint directory into a model that holds part of the checkpoint's
   * network, as {@link #loadWeights(Block, Path, String)}, not counting the tensors {@code skip}
   * accepts as unexpected (for example Whisper's decoder under its encoder alone).
   *
   * @param model an initialised model of the checkpoint's geometry
   * @param dir the checkpoint directory
   * @param what the model's name in error messages
   * @param skip accepts the names (after the prefixes) of tensors the model does not hold
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor; the
   *     model is then unchanged
   * @throws UncheckedIOException when a file cannot be read
   */
  public static void loadWeights(Block model, Path dir, String what, Predicate<String> skip) {
    List<TensorFile> readers = new ArrayList<>();
    try {
      for (Path f : CheckpointFiles.weightFiles(dir)) {
        readers.add(CheckpointFiles.open(f));
      }
      List<Copy> plan = plan(model, what, dir, readers, skip);
      // two passes, so that a non-finite value found late leaves every parameter as it was
      for (Copy c : plan) {
        c.checkFinite();
      }
      for (Copy c : plan) {
        c.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + dir, e);
    } finally {
      for (TensorFile r : readers) {
        try {
          r.close();
        } catch (IOException e) {
          // read-only channel: nothing was written, nothing to lose
        }
      }
    }
  }

  private static List<Copy> plan(
      Block model, String what, Path dir, List<TensorFile> readers, Predicate<String> skip) {
    Map<String, Source> tensors = new LinkedHashMap<>();
    for (TensorFile file : readers) {
      Path f = file.file();
      for (TensorInfo info : file.tensors().values()) {
        Source e = new Source(file, info);
        String name = stripPrefix(e.name());
        Source previous = tensors.put(name, e);
        checkArgument(
            previous == null,
            "%s: tensor %s appears twice (as %s in %s and %s in %s)",
            dir,
            name,
            previous == null ? "" : previous.name(),
            previous == null ? "" : previous.file().getFileName(),
            e.name(),
            f.getFileName());
      }
    }

    List<String> problems = new ArrayList<>();
    List<Copy> plan = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (Map.Entry<String, Parameter> p : StateDict.of(model, "").entrySet()) {
      String name = p.getKey();
      if (name.startsWith("adapters.") || name.contains(".adapters.")) {
        continue;
      }
      Parameter param = p.getValue();
      if (!param.isInitialized()) {
        throw new IllegalStateException("initialise the " + what + " before loading: " + name);
      }
      long[] expected = param.getArray().getShape().getShape();
      Source plain = tensors.get(name);
      String stem = name.endsWith(".weight") ? name.substring(0, name.length() - 6) : null;
      Source g = stem == null ? null : firstOf(tensors, stem, "weight_g");
      Source v = stem == null ? null : firstOf(tensors, stem, "weight_v");
      Source g2 = stem == null ? null : firstOf(tensors, stem, "parametrizations.weight.original0");
      Source v2 = stem == null ? null : firstOf(tensors, stem, "parametrizations.weight.original1");
      if (g == null && v == null) {
        g = g2;
        v = v2;
      } else if (g2 != null || v2 != null) {
        problems.add(name + ": both weight_g/weight_v and parametrizations.weight are present");
        continue;
      }
      if (plain != null) {
        used.add(name);
        if (g != null || v != null) {
          problems.add(name + ": present both plain and weight-normed");
          continue;
        }
        if (checkTensor(plain, name, expected, problems)) {
          plan.add(new Copy(param, plain, null));
        }
      } else if (g != null && v != null) {
        used.add(stripPrefix(g.name()));
        used.add(stripPrefix(v.name()));
        if (checkTensor(v, name + " (" + stripPrefix(v.name()) + ")", expected, problems)
            && checkNormScale(g, v, problems)) {
          plan.add(new Copy(param, v, g));
        }
      } else if (g != null || v != null) {
        Source half = g != null ? g : v;
        problems.add(name + ": weight norm is incomplete, only " + half.name() + " is present");
        used.add(stripPrefix(half.name()));
      } else {
        problems.add("missing tensor " + name + " " + shapeString(expected));
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, Source> t : tensors.entrySet()) {
      String root = t.getKey().split("\\.", 2)[0];
      if (!used.contains(t.getKey()) && !IGNORED_ROOTS.contains(root) && !skip.test(t.getKey())) {
        unexpected.add(
            "unexpected tensor " + t.getValue().name() + " " + t.getValue().shapeString());
      }
    }
    problems.addAll(unexpected);
    if (!problems.isEmpty()) {
      StringBuilder sb =
          new StringBuilder("checkpoint " + dir + " does not fit the " + what + " (")
              .append(problems.size())
              .append(problems.size() == 1 ? " problem): " : " problems): ");
      sb.append(String.join("; ", problems.subList(0, Math.min(MAX_LISTED, problems.size()))));
      if (problems.size() > MAX_LISTED) {
        sb.append("; ... and ").append(problems.size() - MAX_LISTED).append(" more");
      }
      throw new IllegalArgumentException(sb.toString());
    }
    return plan;
  }

  private static Source firstOf(Map<String, Source> tensors, String stem, String leaf) {
    return tensors.get(stem + leaf);
  }

  private static boolean checkTensor(
      Source e, String name, long[] expected, List<String> problems) {
    if (!FLOATS.contains(e.dtype())) {
      problems.add(name + ": dtype " + e.dtype() + " is not a float type (F32, F16, BF16 or F64)");
      return false;
    }
    if (!Arrays.equals(e.shape(), expected)) {
      problems.add(
          "tensor "
              + name
              + " in "
              + e.file().getFileName()
              + " has shape "
              + e.shapeString()
              + " but the model expects "
              + shapeString(expected));
      return false;
    }
    return true;
  }

  private static boolean checkNormScale(Source g, Source v, List<String> problems) {
    boolean ok = FLOATS.contains(g.dtype()) && g.shape().length == v.shape().length;
    for (int i = 0; ok && i < g.shape().length; i++) {
      ok = g.shape()[i] == 1 || g.shape()[i] == v.shape()[i];
    }
    if (!ok) {
      problems.add(
          "weight-norm scale "
              + g.name()
              + " "
              + g.dtype()
              + " "
              + g.shapeString()
              + " does not fit its direction "
              + v.name()
              + " "
              + v.shapeString());
    }
    return ok;
  }

  private static String stripPrefix(String name) {
    for (String p : PREFIXES) {
      if (name.startsWith(p)) {
        return name.substring(p.length());
      }
    }
    return name;
  }

  private static String shapeString(long[] shape) {
    return Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }

  /** One tensor of one weight file, read lazily. */
  private record Source(TensorFile reader, TensorInfo info) {

    String name() {
      return info.name();
    }

    TensorDType dtype() {
      return info.dtype();
    }

    long[] shape() {
      return info.shape().getShape();
    }

    String shapeString() {
      return HfCheckpointLoader.shapeString(shape());
    }

    Path file() {
      return reader.file();
    }

    float[] read() throws IOException {
      return reader.readFloats(info.name());
    }
  }

  /** One parameter's copy: a plain tensor, or a weight-norm pair folded on the fly. */
  private record Copy(Parameter param, Source tensor, Source g) {

    void run() throws IOException {
      param.getArray().set(values());
    }

    /** Refuses NaN and infinite weights, naming the file, the tensor and the first bad index. */
    void checkFinite() throws IOException {
      float[] values = values();
      for (int i = 0; i < values.length; i++) {
        checkArgument(
            Float.isFinite(values[i]),
            "%s: tensor %s holds %s at flat index %s; non-finite weights are refused",
            tensor.file(),
            tensor.name(),
            values[i],
            i);
      }
    }

    private float[] values() throws IOException {
      float[] values = tensor.read();
      if (g != null) {
        values = WeightNorm.fold(g.read(), g.shape(), values, tensor.shape());
      }
      return values;
    }
  }
}
