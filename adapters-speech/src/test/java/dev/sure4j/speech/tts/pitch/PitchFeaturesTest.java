package dev.sure4j.speech.tts.pitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link PitchFeatures} on hand-computed contours. */
class PitchFeaturesTest {

  @Test
  void interpolatesInsideAndHoldsAtTheEnds() {
    PitchTrack track =
        new PitchTrack(
            new float[] {0, 100, 0, 0, 130, 0},
            new boolean[] {false, true, false, false, true, false});
    assertArrayEquals(
        new float[] {100, 100, 110, 120, 130, 130}, PitchFeatures.interpolated(track), 1e-4f);
  }

  @Test
  void nothingVoicedStaysZero() {
    PitchTrack track = new PitchTrack(new float[3], new boolean[3]);
    assertArrayEquals(new float[3], PitchFeatures.interpolated(track));
  }

  @Test
  void logAndZScore() {
    float[] log = PitchFeatures.log(new float[] {1f, (float) Math.E, 100f});
    assertArrayEquals(new float[] {0f, 1f, 4.6051702f}, log, 1e-6f);
    assertArrayEquals(
        new float[] {-0.5f, 0f, 1.80258510f}, PitchFeatures.normalised(log, 1, 2), 1e-6f);
  }

  @Test
  void rejectsNonPositiveF0AndVoicedZero() {
    assertThrows(IllegalArgumentException.class, () -> PitchFeatures.log(new float[] {0f}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PitchTrack(new float[] {0f}, new boolean[] {true}));
  }
}
