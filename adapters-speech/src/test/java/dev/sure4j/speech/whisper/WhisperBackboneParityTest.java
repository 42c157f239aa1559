package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link WhisperBackbone} against the plain-PyTorch reference of tools/whisper_backbone_fixture.py:
 * every hidden state of the tiny random checkpoint for the 0.8 s test audio, padded to 30 s and
 * with the positions sliced, alone and in a batch with a shorter utterance.
 */
@Tag("parity")
class WhisperBackboneParityTest extends ManagedTest {

  private static final double TOLERANCE = 1e-4;
  private static final int ROWS = 64;
  private static final int SHORT = 8000;

  private static SafetensorsReader reference() throws Exception {
    return SafetensorsReader.open(WhisperFixtures.root().resolve("backbone_reference.safetensors"));
  }

  private NDList run(WhisperWindow window, float[][] rows) {
    WhisperBackbone backbone = WhisperBackbone.load(WhisperFixtures.model(), window, manager);
    int longest = Arrays.stream(rows).mapToInt(r -> r.length).max().orElseThrow();
    float[] flat = new float[rows.length * longest];
    long[] lengths = new long[rows.length];
    for (int b = 0; b < rows.length; b++) {
      System.arraycopy(rows[b], 0, flat, b * longest, rows[b].length);
      lengths[b] = rows[b].length;
    }
    NDList in =
        new NDList(manager.create(flat, new Shape(rows.length, longest)), manager.create(lengths));
    return backbone.forward(new ParameterStore(manager, false), in, false);
  }

  @Test
  void paddedStatesMatchPyTorch() throws Exception {
    NDList out = run(WhisperWindow.PAD, new float[][] {WhisperFixtures.audio()});
    assertEquals(2 + 3, out.size(), "last, mask, then L + 1 = 3 hidden states");
    assertArrayEquals(new long[] {1, 1500, 32}, out.get(0).getShape().getShape());
    assertEquals(40f, out.get(1).sum().getFloat(), "ceil(12800 / 320) real positions");
    try (SafetensorsReader ref = reference()) {
      for (int i = 0; i < 3; i++) {
        NDArray h = out.get(2 + i);
        WhisperFixtures.assertClose(
            "padded h" + i + " rows 0-63 max abs difference",
            ref.readFloats("pad.h" + i + ".head"),
            h.get(new NDIndex("0, 0:{}, :", ROWS)),
            TOLERANCE);
        WhisperFixtures.assertClose(
            "padded h" + i + " rows 1436-1499 max abs difference",
            ref.readFloats("pad.h" + i + ".tail"),
            h.get(new NDIndex("0, {}:, :", 1500 - ROWS)),
            TOLERANCE);
      }
      WhisperFixtures.assertClose(
          "last hidden state = layer_norm(last layer)",
          ref.readFloats("pad.h2.head"),
          out.get(0).get(new NDIndex("0, 0:{}, :", ROWS)),
          TOLERANCE);
    }
  }

  @Test
  void slicedStatesMatchPyTorch() throws Exception {
    NDList out = run(WhisperWindow.SLICE, new float[][] {WhisperFixtures.audio()});
    assertArrayEquals(new long[] {1, 40, 32}, out.get(0).getShape().getShape());
    try (SafetensorsReader ref = reference()) {
      for (int i = 0; i < 3; i++) {
        WhisperFixtures.assertClose(
            "sliced h" + i + " max abs difference",
            ref.readFloats("slice.h" + i),
            out.get(2 + i),
            TOLERANCE);
      }
    }
  }

  @Test
  void slicedBatchRunsEachRowOnItsOwnFeatures() throws Exception {
    float[] audio = WhisperFixtures.audio();
    NDList out = run(WhisperWindow.SLICE, new float[][] {audio, Arrays.copyOf(audio, SHORT)});
    assertArrayEquals(new long[] {2, 40, 32}, out.get(0).getShape().getShape());
    assertArrayEquals(
        new float[] {40, 25}, out.get(1).sum(new int[] {1}).toFloatArray(), "real positions");
    try (SafetensorsReader ref = reference()) {
      for (int i = 0; i < 3; i++) {
        WhisperFixtures.assertClose(
            "sliced batch row 0 h" + i + " max abs difference",
            ref.readFloats("slice.h" + i),
            out.get(2 + i).get(0),
            TOLERANCE);
        WhisperFixtures.assertClose(
            "sliced batch row 1 (0.5 s) h" + i + " max abs difference",
            ref.readFloats("slice.short.h" + i),
            out.get(2 + i).get(1),
            TOLERANCE);
      }
    }
  }
}
