package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityMeasuresTest extends ManagedTest {
  private static float[] noise(int n, long seed, double scale) {
    Random random = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (scale * random.nextGaussian());
    }
    return x;
  }

  private static float[] twice(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 2 * x[i];
    }
    return y;
  }

  @Test
  void mcdConstantIsTenOverLnTenTimesRootTwo() {
    assertEquals(6.141851, LogMelCepstralDistortion.DB_PER_UNIT, 1e-6);
    double[][] zero = new double[4][13];
    double[][] one = new double[5][13];
    for (double[] frame : one) {
      frame[0] = 1;
    }
    assertEquals(6.141851, LogMelCepstralDistortion.ofCepstra(zero, one), 1e-6);
    // c_1 off by 3 and c_13 off by 4: Euclidean distance 5
    double[] a = new double[13];
    double[] b = new double[13];
    b[0] = 3;
    b[12] = -4;
    assertEquals(5 * 6.141851, LogMelCepstralDistortion.frameDistortion(a, b), 1e-5);
  }

  @Test
  void dtwAbsorbsRepeatedFrames() {
    double[][] a = new double[6][13];
    Random random = new Random(3);
    for (double[] frame : a) {
      for (int k = 0; k < 13; k++) {
        frame[k] = random.nextGaussian();
      }
    }
    double[][] stretched = {a[0], a[1], a[1], a[1], a[2], a[3], a[4], a[4], a[5]};
    assertEquals(0.0, LogMelCepstralDistortion.ofCepstra(a, stretched), 1e-12);
    assertEquals(0.0, LogMelCepstralDistortion.ofCepstra(stretched, a), 1e-12);
    // without the repeats the mean along the diagonal is the mean frame distortion
    double[][] shifted = new double[6][];
    for (int t = 0; t < 6; t++) {
      shifted[t] = a[t].clone();
      shifted[t][5] += 1;
    }
    assertEquals(
        LogMelCepstralDistortion.DB_PER_UNIT, LogMelCepstralDistortion.ofCepstra(a, shifted), 1e-9);
  }

  @Test
  void mcdIgnoresLoudnessAndSeesSpectralChange() {
    float[] x = noise(22050, 4, 0.1);
    float[] louder = twice(x);
    // a gain adds ln 2 to every log-mel value: only c_0, which MCD leaves out, changes
    assertEquals(0.0, LogMelCepstralDistortion.between(manager, x, x), 1e-9);
    assertEquals(0.0, LogMelCepstralDistortion.between(manager, x, louder), 1e-3);
    float[] smoothed = new float[x.length];
    for (int i = 1; i < x.length; i++) {
      smoothed[i] = 0.5f * (x[i] + x[i - 1]);
    }
    double mcd = LogMelCepstralDistortion.between(manager, x, smoothed);
    System.out.printf("MCD of white noise vs its two-tap average: %.2f dB%n", mcd);
    assertTrue(mcd > 1, "a low-pass filter changes the spectral shape: " + mcd);
  }

  @Test
  void lsdOfAGainIsTheGainInDecibels() {
    float[] x = noise(22050, 5, 0.1);
    float[] louder = twice(x);
    assertEquals(0.0, LogSpectralDistance.between(manager, x, x), 1e-9);
    assertEquals(20 * Math.log10(2), LogSpectralDistance.between(manager, x, louder), 1e-3);
  }
}
