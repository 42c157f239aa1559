package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The safetensors file of {@link AdamW}'s state: {@code <name>.exp_avg} and {@code
 * <name>.exp_avg_sq} (float32, the parameter's shape) per parameter, the step counts as metadata
 * {@code <name>.step}, and the format tag {@code sure4j-adamw-1}.
 */
final class AdamWStateFile {

  private static final String FORMAT = "sure4j-adamw-1";
  private static final String EXP_AVG = ".exp_avg";
  private static final String EXP_AVG_SQ = ".exp_avg_sq";
  private static final String STEP = ".step";

  private AdamWStateFile() {}

  /** See {@link AdamW#saveState}; {@code state} holds the moments by parameter id. */
  static void save(Map<String, Parameter> parameters, Map<String, AdamWMoments> state, Path file)
      throws IOException {
    SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", FORMAT);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray weight = e.getValue().getArray();
      AdamWMoments s = state.get(e.getValue().getId());
      float[] zeros = new float[Math.toIntExact(weight.size())];
      w.add(e.getKey() + EXP_AVG, s == null ? zeros : s.m.toFloatArray(), weight.getShape());
      w.add(e.getKey() + EXP_AVG_SQ, s == null ? zeros : s.v.toFloatArray(), weight.getShape());
      w.putMetadata(e.getKey() + STEP, Long.toString(s == null ? 0 : s.step));
    }
    w.write(file);
  }

  /** See {@link AdamW#loadState}; replaces the moments in {@code state}, closing the old ones. */
  static void load(Map<String, Parameter> parameters, Map<String, AdamWMoments> state, Path file)
      throws IOException {
    Map<String, float[][]> values = new LinkedHashMap<>();
    Map<String, Long> steps = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      TreeSet<String> expected = new TreeSet<>();
      parameters.keySet().forEach(k -> expected.addAll(List.of(k + EXP_AVG, k + EXP_AVG_SQ)));
      if (!FORMAT.equals(r.metadata().get("format"))
          || !expected.equals(new TreeSet<>(r.names()))) {
        throw new IOException(
            String.format(
                "%s: expected optimizer state %s (format %s) but found %s (format %s)",
                file, expected, FORMAT, new TreeSet<>(r.names()), r.metadata().get("format")));
      }
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        String name = e.getKey();
        NDArray weight = e.getValue().getArray();
        float[][] mv = new float[2][];
        int i = 0;
        for (String suffix : new String[] {EXP_AVG, EXP_AVG_SQ}) {
          TensorInfo info = r.info(name + suffix);
          if (info.dtype() != TensorDType.F32 || !info.shape().equals(weight.getShape())) {
            throw new IOException(
                String.format(
                    "%s: tensor %s has %s %s, the parameter is FLOAT32 %s",
                    file, name + suffix, info.dtype(), info.shape(), weight.getShape()));
          }
          mv[i++] = r.readFloats(name + suffix);
        }
        String step = r.metadata().get(name + STEP);
        try {
          long t = Long.parseLong(step == null ? "" : step);
          checkArgument(t >= 0);
          steps.put(name, t);
        } catch (IllegalArgumentException ex) {
          throw new IOException(
              String.format("%s: metadata %s is not a step count: %s", file, name + STEP, step),
              ex);
        }
        values.put(name, mv);
      }
    }
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray weight = e.getValue().getArray();
      float[][] mv = values.get(e.getKey());
      AdamWMoments s = AdamWMoments.zerosLike(weight);
      s.m.set(FloatBuffer.wrap(mv[0]));
      s.v.set(FloatBuffer.wrap(mv[1]));
      s.step = steps.get(e.getKey());
      AdamWMoments old = state.put(e.getValue().getId(), s);
      if (old != null) {
        old.m.close();
        old.v.close();
      }
    }
  }
}
