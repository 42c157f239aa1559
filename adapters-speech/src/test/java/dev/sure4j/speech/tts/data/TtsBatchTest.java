package dev.sure4j.speech.tts.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.sure4j.adapters.testing.ManagedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Padding and z-scores of a TTS batch, against hand-written values. */
class TtsBatchTest extends ManagedTest {

  @Test
  void padsTokensFramesAndZScoresPitchAndEnergy() {
    UtteranceFeatures a =
        new UtteranceFeatures(
            new int[] {4, 5},
            new float[] {1, 2, 3, 4, 5, 6},
            2,
            new float[] {1, 3, 5},
            new float[] {2, 2, 2},
            1);
    UtteranceFeatures b =
        new UtteranceFeatures(
            new int[] {7}, new float[] {9, 8}, 2, new float[] {3}, new float[] {4}, 0);
    FeatureStats stats = new FeatureStats(3, 2, 2, 0.5);
    TtsBatch batch = TtsBatch.of(manager, List.of(a, b), stats);
    assertArrayEquals(new int[] {4, 5, 7, 0}, batch.tokens().toIntArray());
    assertArrayEquals(new float[] {1, 1, 1, 0}, batch.tokenMask().toFloatArray());
    assertArrayEquals(new int[] {1, 0}, batch.speakers().toIntArray());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 9, 8, 0, 0, 0, 0}, batch.mel().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0}, batch.melMask().toFloatArray());
    // (ln F0 - 3) / 2 and (energy - 2) / 0.5; padding 0
    assertArrayEquals(new float[] {-1, 0, 1, 0, 0, 0}, batch.pitch().toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0, 4, 0, 0}, batch.energy().toFloatArray());
    assertArrayEquals(new int[] {2, 1}, batch.tokenLengths());
    assertArrayEquals(new int[] {3, 1}, batch.frameLengths());
  }

  @Test
  void statisticsAreThePopulationMomentsOfAllFrames() {
    UtteranceFeatures a =
        new UtteranceFeatures(
            new int[] {1}, new float[] {0, 0}, 1, new float[] {1, 3}, new float[] {0, 4}, 0);
    UtteranceFeatures b =
        new UtteranceFeatures(
            new int[] {1}, new float[] {0, 0}, 1, new float[] {5, 7}, new float[] {4, 8}, 0);
    FeatureStats s = FeatureStats.of(List.of(a, b));
    // pitch 1,3,5,7: mean 4, variance (9+1+1+9)/4 = 5; energy 0,4,4,8: mean 4, variance 8
    assertArrayEquals(
        new double[] {4, Math.sqrt(5), 4, Math.sqrt(8)},
        new double[] {s.pitchMean(), s.pitchStd(), s.energyMean(), s.energyStd()},
        1e-9);
  }
}
