package dev.sure4j.speech.loading;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.nn.StateDict;
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
 * Plans a checkpoint load: which tensor (or weight-norm pair) fills which parameter, after the
 * {@code hubert.}/{@code wav2vec2.} prefixes and the ignored roots {@link HfCheckpointLoader}
 * describes, with every problem collected into one message.
 */
final class CopyPlan {

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

  private CopyPlan() {}

  /**
   * Matches a model's parameters to a checkpoint's tensors and checks names, dtypes and shapes.
   *
   * @return one copy per parameter outside the adapters
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor
   */
  static List<ParameterCopy> of(
      Block model, String what, Path dir, List<TensorFile> readers, Predicate<String> skip) {
    Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
    for (TensorFile file : readers) {
      Path f = file.file();
      for (TensorInfo info : file.tensors().values()) {
        CheckpointTensor e = new CheckpointTensor(file, info);
        String name = stripPrefix(e.name());
        CheckpointTensor previous = tensors.put(name, e);
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
    List<ParameterCopy> plan = new ArrayList<>();
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
      CheckpointTensor plain = tensors.get(name);
      String stem = name.endsWith(".weight") ? name.substring(0, name.length() - 6) : null;
      CheckpointTensor g = stem == null ? null : firstOf(tensors, stem, "weight_g");
      CheckpointTensor v = stem == null ? null : firstOf(tensors, stem, "weight_v");
      CheckpointTensor g2 =
          stem == null ? null : firstOf(tensors, stem, "parametrizations.weight.original0");
      CheckpointTensor v2 =
          stem == null ? null : firstOf(tensors, stem, "parametrizations.weight.original1");
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
          plan.add(new ParameterCopy(param, plain, null));
        }
      } else if (g != null && v != null) {
        used.add(stripPrefix(g.name()));
        used.add(stripPrefix(v.name()));
        if (checkTensor(v, name + " (" + stripPrefix(v.name()) + ")", expected, problems)
            && checkNormScale(g, v, problems)) {
          plan.add(new ParameterCopy(param, v, g));
        }
      } else if (g != null || v != null) {
        CheckpointTensor half = g != null ? g : v;
        problems.add(name + ": weight norm is incomplete, only " + half.name() + " is present");
        used.add(stripPrefix(half.name()));
      } else {
        problems.add("missing tensor " + name + " " + shapeString(expected));
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, CheckpointTensor> t : tensors.entrySet()) {
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

  private static CheckpointTensor firstOf(
      Map<String, CheckpointTensor> tensors, String stem, String leaf) {
    return tensors.get(stem + leaf);
  }

  private static boolean checkTensor(
      CheckpointTensor e, String name, long[] expected, List<String> problems) {
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

  private static boolean checkNormScale(
      CheckpointTensor g, CheckpointTensor v, List<String> problems) {
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

  static String shapeString(long[] shape) {
    return Arrays.toString(shape).replace('[', '(').replace(']', ')');
  }
}
