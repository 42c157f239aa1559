package dev.sure4j.cli.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison of the performance regression guard: each measured median against the stored
 * baseline of the same machine, failing a figure that is more than {@code tolerance} slower. A pure
 * function of its numbers.
 */
public final class PerfGuard {

  /** The guard's tolerance: a figure fails when more than 20 % slower than its baseline. */
  public static final double TOLERANCE = 0.20;

  private PerfGuard() {}

  /**
   * One figure compared.
   *
   * @param figure the figure's name, e.g. {@code inference_ms}
   * @param baselineMs the stored median, in milliseconds
   * @param measuredMs the median measured now, in milliseconds
   * @param tolerance the allowed slowdown, e.g. 0.2 for 20 %
   */
  public record Verdict(String figure, double baselineMs, double measuredMs, double tolerance) {

    /**
     * Returns how much slower the measurement is: {@code measured / baseline - 1} (negative when
     * faster).
     *
     * @return the relative change
     */
    public double change() {
      return measuredMs / baselineMs - 1;
    }

    /**
     * Tells whether the figure got more than {@code tolerance} slower.
     *
     * @return {@code measured > baseline * (1 + tolerance)}
     */
    public boolean slower() {
      return measuredMs > baselineMs * (1 + tolerance);
    }

    /**
     * Returns the verdict as one line, both numbers and the change.
     *
     * @return e.g. {@code inference_ms: baseline 100.0 ms, now 125.0 ms, +25.0 % (limit +20 %):
     *     SLOWER}
     */
    public String line() {
      return String.format(
          Locale.ROOT,
          "%s: baseline %.1f ms, now %.1f ms, %+.1f %% (limit +%.0f %%): %s",
          figure,
          baselineMs,
          measuredMs,
          100 * change(),
          100 * tolerance,
          slower() ? "SLOWER" : "ok");
    }
  }

  /**
   * Compares every baseline figure with its measurement.
   *
   * @param baseline the stored medians, figure to milliseconds
   * @param measured the medians measured now; must hold every baseline figure
   * @param tolerance the allowed slowdown, {@code >= 0}
   * @return one verdict per baseline figure, in the baseline's order
   * @throws IllegalArgumentException when a figure is not measured, or a time is not positive
   */
  public static List<Verdict> compare(
      Map<String, Double> baseline, Map<String, Double> measured, double tolerance) {
    checkArgument(tolerance >= 0, "tolerance must be >= 0: %s", tolerance);
    List<Verdict> verdicts = new ArrayList<>();
    for (Map.Entry<String, Double> e : baseline.entrySet()) {
      String figure = e.getKey();
      Double now = measured.get(figure);
      checkArgument(now != null, "figure '%s' is in the baseline but was not measured", figure);
      checkArgument(e.getValue() > 0, "baseline '%s' must be > 0 ms: %s", figure, e.getValue());
      checkArgument(now > 0, "measured '%s' must be > 0 ms: %s", figure, now);
      verdicts.add(new Verdict(figure, e.getValue(), now, tolerance));
    }
    return verdicts;
  }
}
