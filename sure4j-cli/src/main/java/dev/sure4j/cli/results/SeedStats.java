package dev.sure4j.cli.results;

import java.util.List;

/**
 * The mean and sample standard deviation of one method's score on one task over several seeds.
 *
 * @param mean the mean score, NaN when any run failed or there are none
 * @param stdDev the sample standard deviation ({@code n - 1} in the denominator), 0 for one run
 * @param runs the number of runs
 * @param higherIsBetter whether the metric is accuracy-like
 */
public record SeedStats(double mean, double stdDev, int runs, boolean higherIsBetter) {

  /**
   * Summarises the runs of one method on one task.
   *
   * @param runs the rows, one per seed, all with the same metric
   * @return the summary; a failed run (NaN score) makes the mean NaN
   */
  public static SeedStats of(List<MethodResult> runs) {
    int n = runs.size();
    boolean higher = n == 0 || runs.get(0).higherIsBetter();
    if (n == 0) {
      return new SeedStats(Double.NaN, 0, 0, higher);
    }
    double mean = runs.stream().mapToDouble(MethodResult::score).sum() / n;
    double ss = runs.stream().mapToDouble(r -> (r.score() - mean) * (r.score() - mean)).sum();
    return new SeedStats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n, higher);
  }
}
