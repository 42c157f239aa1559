package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A model whose {@code max_source_positions} is below 1500 (the bundled mini Whisper: 150, a 3 s
 * window) takes a shorter window: its features are the first frames of the 30 s ones for a clip
 * that fits, and its transcriber cuts recordings at its window.
 */
class WhisperWindowFeaturesTest {

  private static WhisperConfig window(int positions) throws Exception {
    WhisperConfig c = WhisperConfig.fromFile(WhisperFixtures.model().resolve("config.json"));
    return new WhisperConfig(
        c.dModel(),
        c.encoderLayers(),
        c.decoderLayers(),
        c.encoderAttentionHeads(),
        c.decoderAttentionHeads(),
        c.encoderFfnDim(),
        c.decoderFfnDim(),
        c.numMelBins(),
        positions,
        c.maxTargetPositions(),
        c.vocabSize(),
        c.decoderStartTokenId(),
        c.eosTokenId(),
        c.scaleEmbedding());
  }

  @Test
  void aShortWindowGivesTheFirstFramesOfTheThirtySecondFeatures() throws Exception {
    float[] wave = WhisperFixtures.audio(); // 0.8 s, inside a 1 s window
    WhisperFeatures shortWindow = WhisperFeatures.of(window(50));
    assertEquals(100, shortWindow.windowFrames());
    assertEquals(16_000, shortWindow.windowSamples());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray full = WhisperFeatures.of(80).features(m, wave);
      NDArray mel = shortWindow.features(m, wave);
      assertEquals(new Shape(1, 80, 100), mel.getShape());
      float[] expected = full.get(new NDIndex(":, :, 0:100")).toFloatArray();
      float[] actual = mel.toFloatArray();
      double max = 0;
      for (int i = 0; i < expected.length; i++) {
        max = Math.max(max, Math.abs(expected[i] - actual[i]));
      }
      System.out.printf("max abs difference %.3g%n", max);
      assertTrue(max < 1e-5, "max abs difference " + max);
    }
  }

  @Test
  void aRecordingLongerThanTheWindowIsTrimmedToIt() throws Exception {
    float[] wave = WhisperFixtures.audio();
    WhisperFeatures halfSecond = WhisperFeatures.of(window(25));
    try (NDManager m = NDManager.newBaseManager()) {
      float[] whole = halfSecond.features(m, wave).toFloatArray();
      float[] head = halfSecond.features(m, Arrays.copyOf(wave, 8000)).toFloatArray();
      assertEquals(80 * 50, whole.length);
      assertArrayEquals(head, whole, 1e-6f);
    }
  }

  @Test
  void aWindowLongerThanThirtySecondsIsRefused() throws Exception {
    WhisperConfig tooLong = window(1600);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WhisperFeatures.of(tooLong));
    assertTrue(e.getMessage().contains("3200"), e.getMessage());
  }
}
