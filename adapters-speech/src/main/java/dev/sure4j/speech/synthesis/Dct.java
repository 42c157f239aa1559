package dev.sure4j.speech.synthesis;

import com.google.common.base.Preconditions;

/**
 * The orthonormal DCT-II of {@code torchaudio.functional.create_dct(n_mfcc, n_mels, norm="ortho")}:
 * coefficient {@code k} of {@code x} is {@code s_k * sum_n x_n cos(pi k (2n + 1) / (2N))} with
 * {@code s_0 = sqrt(1 / N)} and {@code s_k = sqrt(2 / N)}, N the number of mels.
 */
final class Dct {
  private Dct() {}

  /**
   * Returns the DCT basis, one row per coefficient (torchaudio's matrix transposed).
   *
   * @param coefficients coefficients {@code c_0 .. c_(coefficients - 1)}, in [1, n]
   * @param n input values (mel channels)
   * @return basis [coefficients][n]
   */
  static double[][] ortho(int coefficients, int n) {
    Preconditions.checkArgument(
        coefficients > 0 && coefficients <= n,
        "%s DCT coefficients of %s mels: need 1 to %s",
        coefficients,
        n,
        n);
    double[][] basis = new double[coefficients][n];
    for (int k = 0; k < coefficients; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
      for (int i = 0; i < n; i++) {
        basis[k][i] = scale * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
      }
    }
    return basis;
  }
}
