package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Time derivatives of frame features by regression, as {@code torchaudio.functional.compute_deltas}
 * (and Kaldi's {@code add-deltas}): {@code d[t] = sum_{k=1..N} k (x[t+k] - x[t-k]) / (2 sum k^2)}
 * with the first and last frames repeated at the edges.
 */
public final class Deltas {

  private Deltas() {}

  /**
   * Computes the deltas of a feature sequence.
   *
   * @param x {@code [frames][dims]}
   * @param halfWindow {@code N}, frames on each side (torchaudio's {@code (win_length - 1) / 2}; 2
   *     for the usual window of 5)
   * @return {@code [frames][dims]}
   */
  public static float[][] of(float[][] x, int halfWindow) {
    checkArgument(halfWindow > 0, "half window must be > 0 frames: %s", halfWindow);
    int frames = x.length;
    double denominator = 0;
    for (int k = 1; k <= halfWindow; k++) {
      denominator += 2.0 * k * k;
    }
    float[][] d = new float[frames][];
    for (int t = 0; t < frames; t++) {
      int dims = x[t].length;
      float[] row = new float[dims];
      for (int j = 0; j < dims; j++) {
        double s = 0;
        for (int k = 1; k <= halfWindow; k++) {
          int ahead = Math.min(frames - 1, t + k);
          int behind = Math.max(0, t - k);
          s += k * ((double) x[ahead][j] - x[behind][j]);
        }
        row[j] = (float) (s / denominator);
      }
      d[t] = row;
    }
    return d;
  }
}
