package dev.sure4j.speech.synthesis;

import com.google.common.base.Preconditions;

/**
 * Dynamic time warping between two sequences of frames: the monotonic alignment from the first pair
 * of frames to the last, with steps (1, 0), (0, 1) and (1, 1), that minimises the summed frame
 * distance. Ties prefer the diagonal step.
 */
final class Dtw {
  /** A distance between frame {@code i} of the first and frame {@code j} of the second sequence. */
  interface FrameDistance {
    double between(int i, int j);
  }

  private Dtw() {}

  /**
   * Aligns two sequences and averages the frame distance along the best path.
   *
   * @param n frames of the first sequence, &gt; 0
   * @param m frames of the second sequence, &gt; 0
   * @param distance the frame distance, &gt;= 0
   * @return the summed distance along the best path divided by the path's length in steps
   */
  static double meanAlongPath(int n, int m, FrameDistance distance) {
    Preconditions.checkArgument(n > 0 && m > 0, "DTW needs frames on both sides: %s and %s", n, m);
    double[] cost = new double[m];
    int[] length = new int[m];
    double[] prevCost = new double[m];
    int[] prevLength = new int[m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double d = distance.between(i, j);
        if (i == 0 && j == 0) {
          cost[j] = d;
          length[j] = 1;
          continue;
        }
        double best = Double.POSITIVE_INFINITY;
        int steps = 0;
        if (i > 0 && j > 0) {
          best = prevCost[j - 1];
          steps = prevLength[j - 1];
        }
        if (i > 0 && prevCost[j] < best) {
          best = prevCost[j];
          steps = prevLength[j];
        }
        if (j > 0 && cost[j - 1] < best) {
          best = cost[j - 1];
          steps = length[j - 1];
        }
        cost[j] = best + d;
        length[j] = steps + 1;
      }
      double[] c = prevCost;
      prevCost = cost;
      cost = c;
      int[] l = prevLength;
      prevLength = length;
      length = l;
    }
    return prevCost[m - 1] / prevLength[m - 1];
  }
}
