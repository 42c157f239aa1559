package dev.sure4j.speech.synthesis;

import com.google.common.base.Preconditions;

/**
 * Dynamic time warping between two sequences of frames as fairseq's {@code
 * batch_dynamic_time_warping} (fairseq/tasks/text_to_speech.py): the monotonic path from the first
 * pair of frames {@code (0, 0)} to the last {@code (n - 1, m - 1)} with steps (0, 1), (1, 1) and
 * (1, 0) that minimises the summed frame distance. The cumulative distance is {@code D(i, j) = d(i,
 * j) + min(D(i, j - 1), D(i - 1, j - 1), D(i - 1, j))}; on a tie the first of these three wins, as
 * {@code torch.min} returns the first minimum.
 */
final class Dtw {
  /** A distance between frame {@code i} of the first and frame {@code j} of the second sequence. */
  interface FrameDistance {
    double between(int i, int j);
  }

  /**
   * The best path's summed distance and length.
   *
   * @param cost the cumulative distance at the last pair of frames
   * @param length the frame pairs on the path, in [max(n, m), n + m - 1]
   */
  record Path(double cost, int length) {
    /**
     * Returns the distance averaged along the path.
     *
     * @return {@code cost / length}
     */
    double mean() {
      return cost / length;
    }
  }

  private Dtw() {}

  /**
   * Aligns two sequences.
   *
   * @param n frames of the first sequence, &gt; 0
   * @param m frames of the second sequence, &gt; 0
   * @param distance the frame distance, &gt;= 0
   * @return the best path's summed distance and length
   */
  static Path align(int n, int m, FrameDistance distance) {
    Preconditions.checkArgument(n > 0 && m > 0, "DTW needs frames on both sides: %s and %s", n, m);
    double[] cost = new double[m];
    int[] length = new int[m];
    double[] prevCost = new double[m];
    int[] prevLength = new int[m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double best = Double.POSITIVE_INFINITY;
        int steps = 0;
        if (j > 0) {
          best = cost[j - 1];
          steps = length[j - 1];
        }
        if (i > 0 && j > 0 && prevCost[j - 1] < best) {
          best = prevCost[j - 1];
          steps = prevLength[j - 1];
        }
        if (i > 0 && prevCost[j] < best) {
          best = prevCost[j];
          steps = prevLength[j];
        }
        cost[j] = (i == 0 && j == 0 ? 0 : best) + distance.between(i, j);
        length[j] = steps + 1;
      }
      double[] c = prevCost;
      prevCost = cost;
      cost = c;
      int[] l = prevLength;
      prevLength = length;
      length = l;
    }
    return new Path(prevCost[m - 1], prevLength[m - 1]);
  }
}
