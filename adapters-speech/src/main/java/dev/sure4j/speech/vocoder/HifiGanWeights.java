package dev.sure4j.speech.vocoder;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.loading.CheckpointFiles;
import dev.sure4j.speech.loading.WeightNorm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a HiFi-GAN generator state dict from safetensors into a {@link HifiGanGenerator}. Each
 * weight is stored either folded ({@code ups.0.weight}) or weight-normed ({@code ups.0.weight_g}
 * {@code [dim0, 1, 1]} and {@code ups.0.weight_v}, as {@code torch.nn.utils.weight_norm(m, dim=0)}
 * saves them), and folded here with {@link WeightNorm#fold}. Float16, bfloat16 and float64 tensors
 * are converted to float32.
 *
 * <p>Every tensor is matched by name, dtype and shape, and every value is read and folded, before
 * any parameter is set: a file that fails leaves the generator as it was. Errors list every
 * missing, unexpected or mis-shaped tensor with both shapes and the file.
 */
final class HifiGanWeights {

  private static final Set<TensorDType> FLOATS =
      EnumSet.of(TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.F64);
  private static final String WEIGHT = "weight";

  private HifiGanWeights() {}

  /**
   * Loads a file into an initialised generator.
   *
   * @param generator an initialised generator of the file's geometry
   * @param file a safetensors file with the generator's state dict
   * @throws IllegalArgumentException listing every problem; the generator is then unchanged
   * @throws UncheckedIOException when the file cannot be read
   */
  static void load(HifiGanGenerator generator, Path file) {
    try (TensorFile reader = CheckpointFiles.open(file)) {
      List<Copy> plan = plan(generator, reader);
      List<float[]> values = new ArrayList<>(plan.size());
      for (Copy c : plan) {
        values.add(c.read(reader));
      }
      for (int i = 0; i < plan.size(); i++) {
        plan.get(i).param().getArray().set(values.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read HiFi-GAN weights " + file, e);
    }
  }

  private static List<Copy> plan(HifiGanGenerator generator, TensorFile reader) {
    Map<String, TensorInfo> tensors = reader.tensors();
    List<String> problems = new ArrayList<>();
    List<Copy> plan = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, Parameter> p : StateDict.of(generator, "").entrySet()) {
      String name = p.getKey();
      Parameter param = p.getValue();
      if (!param.isInitialized()) {
        throw new IllegalStateException("initialise the generator before loading: " + name);
      }
      long[] expected = param.getArray().getShape().getShape();
      boolean isWeight = name.endsWith("." + WEIGHT);
      TensorInfo plain = tensors.get(name);
      TensorInfo g = isWeight ? tensors.get(name + "_g") : null;
      TensorInfo v = isWeight ? tensors.get(name + "_v") : null;
      for (TensorInfo t : new TensorInfo[] {plain, g, v}) {
        if (t != null) {
          used.add(t.name());
        }
      }
      if (plain != null && (g != null || v != null)) {
        problems.add(name + " is stored both folded and as weight_g/weight_v");
      } else if (plain != null) {
        if (fits(plain, expected, reader, problems)) {
          plan.add(new Copy(param, plain, null));
        }
      } else if (g != null && v != null) {
        long[] scale = new long[expected.length];
        Arrays.fill(scale, 1);
        scale[0] = expected[0];
        if (fits(v, expected, reader, problems) & fits(g, scale, reader, problems)) {
          plan.add(new Copy(param, v, g));
        }
      } else if (g != null || v != null) {
        problems.add(
            "weight norm of " + name + " is incomplete: only " + (g != null ? g : v).name());
      } else {
        problems.add(
            "missing tensor "
                + name
                + (isWeight ? " (or " + name + "_g and " + name + "_v)" : "")
                + " "
                + shape(expected));
      }
    }
    for (TensorInfo t : tensors.values()) {
      if (!used.contains(t.name())) {
        problems.add("unexpected tensor " + t.name() + " " + shape(t.shape().getShape()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          reader.file()
              + " does not fit the HiFi-GAN generator ("
              + problems.size()
              + " problems):\n  "
              + String.join("\n  ", problems));
    }
    return plan;
  }

  private static boolean fits(
      TensorInfo t, long[] expected, TensorFile reader, List<String> problems) {
    long[] found = t.shape().getShape();
    if (!FLOATS.contains(t.dtype())) {
      problems.add(
          "tensor "
              + t.name()
              + " in "
              + reader.file()
              + " has dtype "
              + t.dtype()
              + ", not a float type (F32, F16, BF16 or F64)");
      return false;
    }
    if (!Arrays.equals(found, expected)) {
      problems.add(
          "tensor "
              + t.name()
              + " in "
              + reader.file()
              + " has shape "
              + shape(found)
              + " but the generator expects "
              + shape(expected));
      return false;
    }
    return true;
  }

  private static String shape(long[] s) {
    return Arrays.toString(s).replace('[', '(').replace(']', ')');
  }

  /** One parameter's source: a folded tensor, or the direction {@code v} and scale {@code g}. */
  private record Copy(Parameter param, TensorInfo tensor, TensorInfo g) {

    float[] read(TensorFile reader) throws IOException {
      float[] values = reader.readFloats(tensor.name());
      if (g == null) {
        return values;
      }
      return WeightNorm.fold(
          reader.readFloats(g.name()), g.shape().getShape(), values, tensor.shape().getShape());
    }
  }
}
