package dev.sure4j.adapters.io;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Named parameters to and from a safetensors file: every tensor under its name, float32. Reading
 * checks every name and shape before it changes a single parameter, so a file that does not fit
 * leaves the parameters as they were.
 */
public final class ParameterFiles {
  private ParameterFiles() {}

  /**
   * Writes parameters to a safetensors file atomically, sorted by name.
   *
   * @param file the target
   * @param parameters the parameters by name
   * @throws IOException when writing fails; the file is then unchanged
   */
  public static void write(Path file, Map<String, Parameter> parameters) throws IOException {
    SafetensorsWriter w = SafetensorsWriter.create().putMetadata("format", "pt");
    parameters.forEach((name, p) -> w.add(name, p.getArray()));
    w.sortByName(true).write(file);
  }

  /**
   * Copies a safetensors file's tensors into parameters of the same names.
   *
   * @param file the file
   * @param expected the parameters by tensor name; the file must hold exactly these names
   * @param what what the file should fit, for the message (for example {@code "adapter 'a'"})
   * @throws IOException when the file cannot be read, or its names or shapes do not fit (the
   *     message names the file, the missing and unexpected names, or the tensor and both shapes)
   */
  public static void readExact(Path file, Map<String, Parameter> expected, String what)
      throws IOException {
    Map<Parameter, float[]> values = new LinkedHashMap<>();
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      if (!reader.names().equals(expected.keySet())) {
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(reader.names());
        TreeSet<String> unexpected = new TreeSet<>(reader.names());
        unexpected.removeAll(expected.keySet());
        throw new IOException(
            String.format(
                "%s does not fit %s: missing %s, unexpected %s", file, what, missing, unexpected));
      }
      for (Map.Entry<String, Parameter> e : expected.entrySet()) {
        Shape want = e.getValue().getArray().getShape();
        Shape have = reader.info(e.getKey()).shape();
        if (!want.equals(have)) {
          throw new IOException(
              String.format(
                  "%s: tensor %s has shape %s, the model expects %s",
                  file, e.getKey(), have, want));
        }
        values.put(e.getValue(), reader.readFloats(e.getKey()));
      }
    }
    values.forEach((p, v) -> p.getArray().set(FloatBuffer.wrap(v)));
  }
}
