package dev.sure4j.cli.soak;

import java.util.List;
import java.util.function.ToLongFunction;

/** The least-squares slope of a sampled quantity against the samples' index. */
final class Slope {

  private Slope() {}

  /**
   * Fits {@code y = a + b * index} by least squares.
   *
   * @param samples at least two samples with different indices
   * @param y the quantity
   * @return {@code b}, the quantity's change per unit of index (per step or request)
   */
  static double of(List<MemorySample> samples, ToLongFunction<MemorySample> y) {
    double n = samples.size();
    double sx = 0;
    double sy = 0;
    for (MemorySample s : samples) {
      sx += s.index();
      sy += y.applyAsLong(s);
    }
    double mx = sx / n;
    double my = sy / n;
    double sxy = 0;
    double sxx = 0;
    for (MemorySample s : samples) {
      sxy += (s.index() - mx) * (y.applyAsLong(s) - my);
      sxx += (s.index() - mx) * (s.index() - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }
}
