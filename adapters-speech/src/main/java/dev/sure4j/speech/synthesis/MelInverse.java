package dev.sure4j.speech.synthesis;

import com.google.common.base.Preconditions;

/**
 * Maps a log-mel spectrogram back to a linear magnitude spectrogram through the pseudo-inverse of
 * the mel filterbank: {@code S = relu(pinv(W) exp(logMel))^(1 / power)}, the minimum-norm
 * least-squares solution that {@code torchaudio.transforms.InverseMelScale} computes with {@code
 * torch.linalg.lstsq} (torchaudio 2.1 and later; 0.13 fitted it by SGD instead).
 *
 * <p>{@code pinv(W) = W^T (W W^T)^-1} for a filterbank {@code W} [nMels, freqs] of full row rank,
 * solved by a Cholesky factorisation in double precision. A filter that covers no frequency bin
 * (too many mels for the FFT size) makes {@code W W^T} singular; a ridge of {@code 1e-12} times its
 * mean diagonal then gives those mels no weight instead of failing.
 */
final class MelInverse {
  private final MelConfig config;
  private final double[][] filters;
  private final double[][] cholesky;

  MelInverse(MelConfig config) {
    this.config = config;
    this.filters = MelFilterbank.matrix(config);
    int m = filters.length;
    double[][] gram = new double[m][m];
    double trace = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < filters[i].length; k++) {
          s += filters[i][k] * filters[j][k];
        }
        gram[i][j] = s;
        gram[j][i] = s;
      }
      trace += gram[i][i];
    }
    double ridge = 1e-12 * trace / m;
    for (int i = 0; i < m; i++) {
      gram[i][i] += ridge;
    }
    this.cholesky = cholesky(gram);
  }

  /**
   * Inverts a log-mel spectrogram.
   *
   * @param logMel log-mel [nMels * frames], C order of [nMels, frames]
   * @return magnitude [freqs * frames], C order of [nFft / 2 + 1, frames], &gt;= 0
   */
  float[] magnitude(float[] logMel) {
    int m = config.nMels();
    Preconditions.checkArgument(
        logMel.length % m == 0 && logMel.length > 0,
        "a log-mel of %s values is not [%s mels, frames]",
        logMel.length,
        m);
    int frames = logMel.length / m;
    int freqs = config.frequencyBins();
    float[] out = new float[freqs * frames];
    double[] y = new double[m];
    double inversePower = 1.0 / config.power();
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < m; i++) {
        y[i] = Math.exp(logMel[i * frames + t]);
      }
      solve(y);
      for (int k = 0; k < freqs; k++) {
        double s = 0;
        for (int i = 0; i < m; i++) {
          s += filters[i][k] * y[i];
        }
        out[k * frames + t] = (float) Math.pow(Math.max(0, s), inversePower);
      }
    }
    return out;
  }

  /** Solves {@code L L^T x = y} in place. */
  private void solve(double[] y) {
    int m = y.length;
    for (int i = 0; i < m; i++) {
      double s = y[i];
      for (int k = 0; k < i; k++) {
        s -= cholesky[i][k] * y[k];
      }
      y[i] = s / cholesky[i][i];
    }
    for (int i = m - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < m; k++) {
        s -= cholesky[k][i] * y[k];
      }
      y[i] = s / cholesky[i][i];
    }
  }

  private static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalStateException(
                "mel filterbank Gram matrix is not positive definite at row " + i + ": " + s);
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }
}
