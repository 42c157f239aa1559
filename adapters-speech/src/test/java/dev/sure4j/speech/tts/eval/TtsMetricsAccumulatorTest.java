package dev.sure4j.speech.tts.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.synthesis.Mcd;
import dev.sure4j.speech.tts.infer.TtsPrediction;
import org.junit.jupiter.api.Test;

/** {@link TtsMetricsAccumulator} and {@link TtsPrediction#f0Hz} on hand-computed values. */
class TtsMetricsAccumulatorTest {
  /** An MCD result with the given distortion on a 10 x 10 diagonal path. */
  private static Mcd.Result mcd(double distortion) {
    return new Mcd.Result(distortion, 10, 10, 10);
  }

  @Test
  void linearAlignmentFloorsTheScaledIndex() {
    // 4 reference frames against 2 predicted: 0, 1 -> 0 and 2, 3 -> 1; 2 against 3: 0 -> 0, 1 -> 1
    assertEquals(0, TtsMetricsAccumulator.alignedFrame(0, 4, 2));
    assertEquals(0, TtsMetricsAccumulator.alignedFrame(1, 4, 2));
    assertEquals(1, TtsMetricsAccumulator.alignedFrame(2, 4, 2));
    assertEquals(1, TtsMetricsAccumulator.alignedFrame(3, 4, 2));
    assertEquals(1, TtsMetricsAccumulator.alignedFrame(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> TtsMetricsAccumulator.alignedFrame(4, 4, 2));
  }

  @Test
  void poolsCentsOverVoicedReferenceFramesAndAveragesDurations() {
    TtsMetricsAccumulator acc = new TtsMetricsAccumulator();
    // frames 0, 1, 3 voiced; against predicted frames 0, 0, 1: +1200, 0, +1200 cents
    // MCD alignment: 10 reference frames against 8 synthesised over 12 pairs: 2 insertions, 4
    // deletions
    acc.add(
        new Mcd.Result(3.0, 10, 8, 12),
        30.0,
        new float[] {100, 200, 0, 100},
        new boolean[] {true, true, false, true},
        new float[] {200, 200});
    // 2 reference frames at 220 Hz against 110 Hz: -1200 cents twice
    // 30 reference frames against 40 synthesised over 41 pairs: 11 insertions, 1 deletion
    acc.add(
        new Mcd.Result(5.0, 30, 40, 41),
        50.0,
        new float[] {220, 220},
        new boolean[] {true, true},
        new float[] {110, 110, 110});
    TtsTestMetrics m = acc.result();
    assertEquals(2, m.utterances());
    assertEquals(4.0, m.mcd(), 1e-12);
    assertEquals(40.0, m.mcdMelDb(), 1e-12);
    assertEquals((2 + 11) / 40.0, m.dtwInsertions(), 1e-12); // per reference frame, pooled
    assertEquals((4 + 1) / 40.0, m.dtwDeletions(), 1e-12);
    assertEquals(5, m.f0Frames());
    assertEquals(1200 * Math.sqrt(4.0 / 5), m.f0RmseCents(), 1e-9); // 1073.31 cents
    assertEquals((2 + 1) / 2.0, m.durationErrorFrames(), 1e-12); // |2 - 4|, |3 - 2|
    assertEquals((0.5 + 1.5) / 2, m.lengthRatio(), 1e-12); // 2 / 4, 3 / 2
    assertEquals(m.mcd(), m.toJson("_before").get("mcd_before"));
    assertEquals(m.mcdMelDb(), m.toJson("").get("mcd_mel_db"));
    assertEquals(m.dtwInsertions(), m.toJson("").get("dtw_insertions"));
    assertEquals(m.dtwDeletions(), m.toJson("").get("dtw_deletions"));
  }

  @Test
  void oneVoicedFrameAtAnOctaveAndASemitone() {
    TtsMetricsAccumulator acc = new TtsMetricsAccumulator();
    acc.add(
        mcd(1.0),
        1.0,
        new float[] {100},
        new boolean[] {true},
        new float[] {(float) (100 * 1.0594631)});
    assertEquals(100.0, acc.result().f0RmseCents(), 1e-3); // 2^(1/12) is 100 cents
  }

  @Test
  void failuresAndEmptySplitsAreNaN() {
    assertTrue(Double.isNaN(new TtsMetricsAccumulator().result().mcd()));
    TtsMetricsAccumulator acc = new TtsMetricsAccumulator();
    acc.add(mcd(2.0), 20.0, new float[] {100}, new boolean[] {false}, new float[] {100});
    assertTrue(Double.isNaN(acc.result().f0RmseCents())); // nothing voiced
    assertEquals(2.0, acc.result().mcd(), 1e-12);
    assertEquals(0.0, acc.result().dtwInsertions(), 1e-12);
    acc.addFailure();
    assertTrue(Double.isNaN(acc.result().mcd()));
    assertTrue(Double.isNaN(acc.result().dtwDeletions()));
  }

  @Test
  void rejectsMismatchedVoicingAndNonPositivePrediction() {
    TtsMetricsAccumulator acc = new TtsMetricsAccumulator();
    assertThrows(
        IllegalArgumentException.class,
        () -> acc.add(mcd(1), 1, new float[] {100, 100}, new boolean[] {true}, new float[] {100}));
    assertThrows(
        IllegalArgumentException.class,
        () -> acc.add(mcd(1), 1, new float[] {100}, new boolean[] {true}, new float[] {0}));
  }

  @Test
  void predictedPitchTurnsIntoHertz() {
    // z = 0, 1, -1 with ln F0 mean ln 100 and deviation ln 2: 100, 200, 50 Hz
    TtsPrediction p = new TtsPrediction(new float[3 * 2], new float[] {0, 1, -1});
    assertEquals(3, p.frames());
    assertArrayEquals(new float[] {100, 200, 50}, p.f0Hz(Math.log(100), Math.log(2)), 1e-3f);
  }
}
