package dev.sure4j.speech.tts.pitch;

import static com.google.common.base.Preconditions.checkArgument;

/** The magnitude spectrum of a real frame by an iterative radix-2 FFT. */
final class RealFft {
  private RealFft() {}

  /**
   * Returns {@code |X[k]|} for {@code k = 0..n/2}, {@code X[k] = sum_j x[j] e^{-2 pi i jk/n}}.
   *
   * @param x the frame [n], n a power of two
   * @return magnitudes [n / 2 + 1]
   */
  static double[] magnitude(double[] x) {
    int n = x.length;
    checkArgument(n >= 2 && Integer.bitCount(n) == 1, "FFT size must be a power of two: %s", n);
    double[] re = x.clone();
    double[] im = new double[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) {
      int j = Integer.reverse(i) >>> (32 - bits);
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
      }
    }
    for (int size = 2; size <= n; size <<= 1) {
      double angle = -2 * Math.PI / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0; k < size / 2; k++) {
          double wr = Math.cos(angle * k);
          double wi = Math.sin(angle * k);
          int a = start + k;
          int b = a + size / 2;
          double tr = wr * re[b] - wi * im[b];
          double ti = wr * im[b] + wi * re[b];
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    double[] out = new double[n / 2 + 1];
    for (int k = 0; k < out.length; k++) {
      out[k] = Math.hypot(re[k], im[k]);
    }
    return out;
  }
}
