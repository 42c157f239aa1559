package dev.sure4j.speech.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.audio.Npy;
import dev.sure4j.speech.encoder.EncoderConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("parity")
class KaldiMfccTest {

  private static float[] flat(float[][] x) {
    int d = x.length == 0 ? 0 : x[0].length;
    float[] out = new float[x.length * d];
    for (int t = 0; t < x.length; t++) {
      System.arraycopy(x[t], 0, out, t * d, d);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"down", "intent"})
  void matchesTorchaudioKaldiMfccWithDeltas(String clip) {
    float[] wave = Npy.read("mfcc/" + clip + "_wave.npy").data();
    Npy.Array expected = Npy.read("mfcc/" + clip + "_mfcc.npy");
    float[][] actual = new MfccFeatures(KaldiMfcc.encoderAligned(), false).compute(wave);
    assertArrayEquals(expected.shape(), new int[] {actual.length, 39});
    float[] a = flat(actual);
    double maxDiff = Npy.maxAbsDiff(a, expected.data());
    double maxAbs = 0;
    for (float v : expected.data()) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    System.out.printf(
        "MFCC+deltas vs torchaudio kaldi.mfcc (%s, %d frames): max abs diff %.3g (values up to"
            + " %.1f)%n",
        clip, actual.length, maxDiff, maxAbs);
    // torchaudio computes in float32, this class in float64: log-mel rounding near quiet bins
    assertTrue(maxDiff < 2e-3, "max abs diff " + maxDiff);
  }

  @Test
  void framesEqualTheEncoderFramesOfTheStandardConvolutionStack() {
    KaldiMfcc mfcc = KaldiMfcc.encoderAligned();
    EncoderConfig standard = EncoderConfig.base();
    for (int n = 0; n <= 48_000; n++) {
      assertEquals(standard.frames(n), mfcc.frames(n), "samples " + n);
    }
    assertEquals(400, standard.receptiveField());
    float[] wave = new float[16_000];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) Math.sin(i * 0.05) + 0.01f * (i % 7);
    }
    assertEquals(49, mfcc.compute(wave).length);
  }

  @Test
  void normalisedFeaturesHaveZeroMeanAndUnitVariancePerDimension() {
    float[] wave = Npy.read("mfcc/intent_wave.npy").data();
    float[][] x = new MfccFeatures(KaldiMfcc.encoderAligned(), true).compute(wave);
    for (int j = 0; j < 39; j++) {
      double mean = 0;
      double sq = 0;
      for (float[] row : x) {
        mean += row[j];
        sq += row[j] * row[j];
      }
      mean /= x.length;
      double var = sq / x.length - mean * mean;
      assertEquals(0, mean, 1e-5, "dim " + j);
      assertEquals(1, var, 1e-4, "dim " + j);
    }
  }

  @Test
  void deltasOfALinearRampAreItsSlopeAwayFromTheEdges() {
    float[][] ramp = new float[10][1];
    for (int t = 0; t < 10; t++) {
      ramp[t][0] = 3f * t;
    }
    float[][] d = Deltas.of(ramp, 2);
    for (int t = 2; t < 8; t++) {
      assertEquals(3f, d[t][0], 1e-6f);
    }
    // edge: frames repeated, (1*(x1-x0) + 2*(x2-x0)) / 10 = (3 + 12) / 10
    assertEquals(1.5f, d[0][0], 1e-6f);
  }
}
