package dev.sure4j.speech.pretrain;

/** In-place radix-2 complex FFT, for the MFCC frames and the TTS frame energy. */
public final class Fft {

  private Fft() {}

  /**
   * Transforms in place: {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}.
   *
   * @param re real parts, length a power of two
   * @param im imaginary parts, same length
   */
  public static void forward(double[] re, double[] im) {
    int n = re.length;
    if (Integer.bitCount(n) != 1 || im.length != n) {
      throw new IllegalArgumentException("FFT size must be a power of two: " + n);
    }
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = -2 * Math.PI / len;
      for (int i = 0; i < n; i += len) {
        for (int k = 0; k < len / 2; k++) {
          double c = Math.cos(angle * k);
          double s = Math.sin(angle * k);
          int a = i + k;
          int b = a + len / 2;
          double xr = re[b] * c - im[b] * s;
          double xi = re[b] * s + im[b] * c;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
