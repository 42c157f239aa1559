package dev.sure4j.speech.synthesis;

import com.google.common.base.Preconditions;

/**
 * Triangular mel filterbanks, the numbers of {@code torchaudio.functional.melscale_fbanks}.
 *
 * <p>{@code n_freqs} bin centres are spaced evenly over {@code [0, sample_rate / 2]} (integer
 * division, as torchaudio does), {@code n_mels + 2} edges evenly in mels over {@code [f_min,
 * f_max]}; filter {@code m} rises from edge {@code m} to edge {@code m + 1} and falls to edge
 * {@code m + 2}. Computed in double precision (torchaudio uses float32; the two agree within about
 * 1e-7 relative).
 */
public final class MelFilterbank {
  private MelFilterbank() {}

  /**
   * Computes the filterbank in torchaudio's layout.
   *
   * @param nFreqs frequency bins, {@code n_fft / 2 + 1}
   * @param fMin lowest edge in Hz
   * @param fMax highest edge in Hz
   * @param nMels filters
   * @param sampleRate sample rate in Hz
   * @param norm the normalisation
   * @param scale the mel scale
   * @return weights [nFreqs][nMels]
   */
  public static double[][] fbanks(
      int nFreqs,
      double fMin,
      double fMax,
      int nMels,
      int sampleRate,
      MelNorm norm,
      MelScale scale) {
    Preconditions.checkArgument(nFreqs > 1, "need at least 2 frequency bins: %s", nFreqs);
    Preconditions.checkArgument(nMels > 0, "n_mels must be > 0: %s", nMels);
    double top = sampleRate / 2;
    double melMin = scale.hzToMel(fMin);
    double melMax = scale.hzToMel(fMax);
    double[] edges = new double[nMels + 2];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = scale.melToHz(melMin + (melMax - melMin) * i / (nMels + 1));
    }
    double[][] fb = new double[nFreqs][nMels];
    for (int k = 0; k < nFreqs; k++) {
      double f = top * k / (nFreqs - 1);
      for (int m = 0; m < nMels; m++) {
        double down = (f - edges[m]) / (edges[m + 1] - edges[m]);
        double up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
        double w = Math.max(0, Math.min(down, up));
        if (norm == MelNorm.SLANEY) {
          w *= 2.0 / (edges[m + 2] - edges[m]);
        }
        fb[k][m] = w;
      }
    }
    return fb;
  }

  /**
   * Computes the filterbank of a configuration, transposed for {@code mel = W @ spectrum}.
   *
   * @param config the features
   * @return weights [nMels][frequencyBins]
   */
  public static double[][] matrix(MelConfig config) {
    double[][] fb =
        fbanks(
            config.frequencyBins(),
            config.fMin(),
            config.fMax(),
            config.nMels(),
            config.sampleRate(),
            config.norm(),
            config.melScale());
    double[][] w = new double[config.nMels()][fb.length];
    for (int k = 0; k < fb.length; k++) {
      for (int m = 0; m < w.length; m++) {
        w[m][k] = fb[k][m];
      }
    }
    return w;
  }

  /**
   * Flattens a matrix row by row into float32.
   *
   * @param rows values [rows][columns]
   * @return values [rows * columns] in row-major order
   */
  static float[] flatten(double[][] rows) {
    int cols = rows[0].length;
    float[] out = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < cols; c++) {
        out[r * cols + c] = (float) rows[r][c];
      }
    }
    return out;
  }
}
