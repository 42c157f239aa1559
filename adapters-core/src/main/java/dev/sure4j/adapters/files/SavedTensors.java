package dev.sure4j.adapters.files;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.method.Adapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a saved adapter's tensors for {@link AdapterFiles#load}: matches the file's names to the
 * adapter's, checks every shape (listing the mismatches), dtype and value, and returns the values
 * without touching the parameters.
 */
final class SavedTensors {

  /** How many mismatched tensors a load error lists before it counts the rest. */
  private static final int MAX_LISTED = 20;

  private SavedTensors() {}

  /**
   * Reads the values of a prepared adapter's parameters from its tensor file.
   *
   * @param adapter the prepared adapter; {@link Adapter#tensors()} names what to read
   * @param file the safetensors file
   * @param modulePrefixes encoder prefixes to strip from PEFT names
   * @param skippedPrefixes file tensors with these prefixes are ignored (a head not loaded)
   * @return the values by parameter, in the order of the file's names
   * @throws IOException when the file cannot be read or is corrupt
   * @throws IllegalArgumentException naming the file and tensor for a missing, unexpected,
   *     mis-shaped, non-float32 or non-finite tensor
   */
  static Map<Parameter, float[]> read(
      Adapter adapter, Path file, List<String> modulePrefixes, List<String> skippedPrefixes)
      throws IOException {
    Map<String, Parameter> expected = adapter.tensors();
    Map<Parameter, float[]> values = new LinkedHashMap<>();
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      Set<String> present = new LinkedHashSet<>(reader.names());
      present.removeIf(n -> skippedPrefixes.stream().anyMatch(n::startsWith));
      Map<String, String> names =
          TensorNames.match(present, expected.keySet(), modulePrefixes, file);
      List<String> mismatches = new ArrayList<>();
      names.forEach(
          (want, have) -> {
            Shape modelShape = expected.get(want).getArray().getShape();
            Shape fileShape = reader.info(have).shape();
            if (!modelShape.equals(fileShape)) {
              mismatches.add(
                  String.format(
                      "tensor '%s': file has shape %s, the model expects %s",
                      have, fileShape, modelShape));
            }
          });
      if (!mismatches.isEmpty()) {
        // a wrong rank mismatches every LoRA tensor: the first twenty say what is wrong
        int shown = Math.min(mismatches.size(), MAX_LISTED);
        String more =
            mismatches.size() > shown ? "; ... and " + (mismatches.size() - shown) + " more" : "";
        throw new IllegalArgumentException(
            file + ": " + String.join("; ", mismatches.subList(0, shown)) + more);
      }
      for (Map.Entry<String, String> e : names.entrySet()) {
        NDArray target = expected.get(e.getKey()).getArray();
        if (target.getDataType() != DataType.FLOAT32) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: tensor '%s': sure4j loads into float32 parameters, this one is %s",
                  file, e.getValue(), target.getDataType()));
        }
        float[] v = reader.readFloats(e.getValue());
        for (int i = 0; i < v.length; i++) {
          checkArgument(
              Float.isFinite(v[i]),
              "%s: tensor '%s' holds %s at flat index %s; non-finite weights are refused",
              file,
              e.getValue(),
              v[i],
              i);
        }
        values.put(expected.get(e.getKey()), v);
      }
    }
    return values;
  }
}
