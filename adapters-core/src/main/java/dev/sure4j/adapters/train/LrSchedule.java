package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.training.tracker.Tracker;

/**
 * A learning-rate schedule with linear warm-up, then linear or cosine decay to zero, or a constant
 * rate, over a fixed number of optimizer steps. The values equal Hugging Face's {@code
 * get_linear_schedule_with_warmup}, {@code get_cosine_schedule_with_warmup} (half a cycle) and
 * {@code get_constant_schedule_with_warmup}: for optimizer step {@code s} (0-based), with {@code w}
 * warm-up steps and {@code n} steps in total,
 *
 * <ul>
 *   <li>warm-up ({@code s < w}): {@code peak * s / w};
 *   <li>LINEAR: {@code peak * max(0, (n - s) / max(1, n - w))};
 *   <li>COSINE: {@code peak * max(0, 0.5 * (1 + cos(pi * p)))}, {@code p = (s - w) / max(1, n -
 *       w)};
 *   <li>CONSTANT: {@code peak}.
 * </ul>
 *
 * <p>As a DJL {@link Tracker}, {@link #getNewValue(int)} receives DJL's update count: DJL's
 * optimizers (AdamW included) count updates per parameter from {@code beginNumUpdate + 1} and pass
 * the largest count seen over all parameters, which is the 1-based optimizer step when every
 * trainable parameter updates at every step. Update {@code u} uses the rate of step {@code s = u -
 * 1}, so the very first update runs at rate 0 when there is a warm-up, as in Hugging Face.
 */
public final class LrSchedule implements Tracker {

  /** The shape of the decay after warm-up. */
  public enum Kind {
    /** Linear decay to zero at the last step. */
    LINEAR,
    /** Cosine decay (half a cycle) to zero at the last step. */
    COSINE,
    /** No decay. */
    CONSTANT
  }

  private final Kind kind;
  private final float peak;
  private final long warmupSteps;
  private final long totalSteps;

  private LrSchedule(Kind kind, float peak, long warmupSteps, long totalSteps) {
    this.kind = kind;
    this.peak = peak;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
  }

  /**
   * Creates a schedule.
   *
   * @param kind the decay shape
   * @param peak the rate reached at the end of warm-up (&gt; 0)
   * @param warmupSteps optimizer steps of linear warm-up (&ge; 0, &le; totalSteps)
   * @param totalSteps optimizer steps in the whole run (&gt; 0)
   * @return the schedule
   */
  public static LrSchedule of(Kind kind, float peak, long warmupSteps, long totalSteps) {
    checkArgument(kind != null, "schedule kind must not be null");
    checkArgument(peak > 0 && Float.isFinite(peak), "peak learning rate must be > 0: %s", peak);
    checkArgument(totalSteps > 0, "total steps must be > 0: %s", totalSteps);
    checkArgument(
        warmupSteps >= 0 && warmupSteps <= totalSteps,
        "warm-up steps must be in [0, %s]: %s",
        totalSteps,
        warmupSteps);
    return new LrSchedule(kind, peak, warmupSteps, totalSteps);
  }

  /**
   * Creates a schedule whose warm-up lasts {@code ceil(ratio * totalSteps)} steps, as Hugging
   * Face's {@code warmup_ratio}.
   *
   * @param kind the decay shape
   * @param peak the peak rate
   * @param warmupRatio share of the steps spent warming up, in [0, 1]
   * @param totalSteps optimizer steps in the whole run
   * @return the schedule
   */
  public static LrSchedule withWarmupRatio(
      Kind kind, float peak, double warmupRatio, long totalSteps) {
    checkArgument(
        warmupRatio >= 0 && warmupRatio <= 1, "warm-up ratio must be in [0, 1]: %s", warmupRatio);
    return of(kind, peak, (long) Math.ceil(warmupRatio * totalSteps), totalSteps);
  }

  /**
   * Returns the rate for an optimizer step.
   *
   * @param step the 0-based optimizer step
   * @return the learning rate
   */
  public float valueAt(long step) {
    checkArgument(step >= 0, "step must be >= 0: %s", step);
    if (step < warmupSteps) {
      return (float) (peak * (double) step / Math.max(1, warmupSteps));
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    switch (kind) {
      case LINEAR:
        return (float)
            (peak
                * Math.max(
                    0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps)));
      case COSINE:
        return (float) (peak * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress))));
      case CONSTANT:
        return peak;
      default:
        throw new IllegalStateException("unknown schedule " + kind);
    }
  }

  /**
   * Returns the rate for DJL's 1-based update count.
   *
   * @param numUpdate the update count, from 1
   * @return {@link #valueAt(long) valueAt(numUpdate - 1)}
   */
  @Override
  public float getNewValue(int numUpdate) {
    return valueAt(Math.max(0, numUpdate - 1));
  }

  /**
   * Returns the number of warm-up steps.
   *
   * @return warm-up optimizer steps
   */
  public long warmupSteps() {
    return warmupSteps;
  }

  /**
   * Returns the number of steps in the whole run.
   *
   * @return total optimizer steps
   */
  public long totalSteps() {
    return totalSteps;
  }

  @Override
  public String toString() {
    return String.format(
        "LrSchedule[%s, peak=%s, warmup=%d, total=%d]", kind, peak, warmupSteps, totalSteps);
  }
}
