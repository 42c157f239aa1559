package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library side of the model-directory catalogue: {@link HfCheckpointLoader#loadWeights} on a
 * broken copy of the bundled backbone fails and leaves an already loaded encoder as it was.
 */
class ModelLoadRollbackTest {

  @TempDir static Path tmp;

  /**
   * The library entry point: a failed {@code loadWeights} leaves a loaded encoder's every value as
   * it was, even when the fault is in the last tensor it would copy.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lastTensorFaults")
  void aFailedLoadLeavesTheEncoderUnchanged(String name, Edit edit) throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(Cli.MODEL, manager);
      Map<String, float[]> before = new LinkedHashMap<>();
      StateDict.of(encoder, "").forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
      Path dir = ModelDirectoryInputsTest.copy(tmp, name);
      edit.apply(dir);
      assertThrows(
          IllegalArgumentException.class, () -> HfCheckpointLoader.loadWeights(encoder, dir));
      StateDict.of(encoder, "")
          .forEach((k, p) -> assertArrayEquals(before.get(k), p.getArray().toFloatArray(), k));
    }
  }

  static Stream<Arguments> lastTensorFaults() throws IOException {
    String last;
    try (NDManager manager = NDManager.newBaseManager()) {
      List<String> names =
          new ArrayList<>(StateDict.of(HfCheckpointLoader.load(Cli.MODEL, manager), "").keySet());
      last = names.get(names.size() - 1);
    }
    return Stream.of(
        Arguments.of(
            "library: NaN in the last tensor copied",
            ModelDirectoryInputsTest.tensors(
                t -> t.put(last, ModelDirectoryInputsTest.withFirstValue(t.get(last), Float.NaN)))),
        Arguments.of(
            "library: the last tensor copied mis-shaped",
            ModelDirectoryInputsTest.tensors(
                t ->
                    t.put(
                        last,
                        new Safetensors.Tensor(
                            "F32",
                            new long[] {1, t.get(last).bytes().length / 4},
                            t.get(last).bytes())))));
  }
}
