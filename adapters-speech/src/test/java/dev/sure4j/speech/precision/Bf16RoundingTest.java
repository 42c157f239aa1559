package dev.sure4j.speech.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * bfloat16 rounding: single values against bit patterns worked out by hand, and the bundled mini
 * HuBERT with its weights rounded against float32.
 */
class Bf16RoundingTest {

  private static final Path MODEL = Path.of("..", "models", "mini-hubert");

  @Test
  void valuesRoundToEightSignificantBitsTiesToEven() {
    // 1 + 2^-7 is a bfloat16 value (7 fraction bits); 1 + 2^-8 is halfway between 1 and 1 + 2^-7:
    // the tie goes to the even pattern, 1; 1 + 2^-8 + 2^-9 is above halfway: 1 + 2^-7
    assertEquals(1f + 0x1p-7f, Bf16Rounding.round(1f + 0x1p-7f));
    assertEquals(1f, Bf16Rounding.round(1f + 0x1p-8f));
    assertEquals(1f + 0x1p-7f, Bf16Rounding.round(1f + 0x1p-8f + 0x1p-9f));
    // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even): up to 1 + 2^-6
    assertEquals(1f + 0x1p-6f, Bf16Rounding.round(1f + 3 * 0x1p-8f));
    // pi = 0x40490FDB -> 0x40490000 = 3.140625
    assertEquals(3.140625f, Bf16Rounding.round((float) Math.PI));
    assertEquals(-3.140625f, Bf16Rounding.round((float) -Math.PI));
    assertTrue(Float.isNaN(Bf16Rounding.round(Float.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, Bf16Rounding.round(Float.POSITIVE_INFINITY));
  }

  @Test
  void theMiniHubertWithBf16WeightsStaysWithinBf16PrecisionAndFloat32() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Random random = new Random(7);
      float[] wave = new float[16_000];
      for (int i = 0; i < wave.length; i++) {
        wave[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * random.nextGaussian());
      }
      NDArray waves = manager.create(wave, new Shape(1, wave.length));
      SpeechEncoder f32 = HfCheckpointLoader.load(MODEL, manager);
      EncoderOutput reference = f32.encode(waves, null);
      SpeechEncoder rounded = HfCheckpointLoader.load(MODEL, manager);
      assertEquals(rounded.getParameters().size(), Bf16Rounding.roundWeights(rounded));
      EncoderOutput low = rounded.encode(waves, null);
      assertEquals(DataType.FLOAT32, low.lastHiddenState().getDataType());
      double worst = 0;
      for (int layer = 0; layer < low.hiddenStates().size(); layer++) {
        NDArray a = reference.hiddenStates().get(layer);
        NDArray b = low.hiddenStates().get(layer);
        assertEquals(DataType.FLOAT32, b.getDataType());
        double scale = a.abs().max().getFloat();
        double diff = a.sub(b).abs().max().getFloat();
        worst = Math.max(worst, diff / scale);
        System.out.printf(
            "bf16 weights, hidden state %d: max abs difference %.6f, float32 max abs %.4f,"
                + " relative %.6f%n",
            layer, diff, scale, diff / scale);
        assertTrue(diff > 0, "layer " + layer + ": rounding changed nothing");
        // each weight moves by at most 2^-9 of itself (8 significant bits); through the 7
        // convolutions and up to 4 layers the states may move by a few of those, not more than
        // 2^-6 (two bfloat16 steps) of their scale
        assertTrue(diff <= scale * 0x1p-6, "layer " + layer + ": " + diff + " of " + scale);
      }
      System.out.printf("bf16 weights: worst relative max abs difference %.6f%n", worst);
    }
  }
}
