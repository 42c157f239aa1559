package dev.sure4j.adapters.train;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.train.TrainingEngine.SkippedUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps non-finite updates out of {@link TrainingEngine}: remembers a non-finite loss, refuses an
 * update whose loss or gradients are not finite (clearing the gradients and reporting it), counts
 * the skips and ends the run after too many in a row.
 */
final class NonFiniteGuard {

  private final int maxConsecutiveSkips;
  private final Function<SkippedUpdate, String> skipReport;
  private final Consumer<String> warnings;
  private long skippedSteps;
  private int consecutiveSkips;
  private OptionalDouble nonFiniteLoss = OptionalDouble.empty();

  /**
   * Creates the guard.
   *
   * @param maxConsecutiveSkips the skips in a row allowed before the run fails
   * @param skipReport describes a skipped update
   * @param warnings receives the description of each allowed skip
   */
  NonFiniteGuard(
      int maxConsecutiveSkips,
      Function<SkippedUpdate, String> skipReport,
      Consumer<String> warnings) {
    this.maxConsecutiveSkips = maxConsecutiveSkips;
    this.skipReport = skipReport;
    this.warnings = warnings;
  }

  /** Remembers a micro-batch loss that is not finite, for the next {@link #admit}. */
  void nonFiniteLoss(double loss) {
    nonFiniteLoss = OptionalDouble.of(loss);
  }

  /** Returns the number of skipped updates. */
  long skippedSteps() {
    return skippedSteps;
  }

  /**
   * Tells whether an update may be applied; when not, clears the gradients and reports the skip.
   *
   * @param step the number the update would have (1 for the first)
   * @param byName the trainable parameters by path
   * @param trainable the same parameters, in model order
   * @return true when the loss and every gradient are finite
   * @throws IllegalStateException after more skips in a row than allowed
   */
  boolean admit(long step, Map<String, Parameter> byName, List<Parameter> trainable) {
    List<String> bad = Gradients.nonFinite(byName);
    if (nonFiniteLoss.isEmpty() && bad.isEmpty()) {
      consecutiveSkips = 0;
      return true;
    }
    String what = skipReport.apply(new SkippedUpdate(step, nonFiniteLoss, bad));
    Gradients.clear(trainable);
    nonFiniteLoss = OptionalDouble.empty();
    skippedSteps++;
    if (++consecutiveSkips > maxConsecutiveSkips) {
      throw new IllegalStateException(
          what + " (" + consecutiveSkips + " updates in a row were not finite)");
    }
    warnings.accept(what);
    return false;
  }

  /** See {@link SkippedUpdate#describe()}. */
  static String describe(OptionalDouble loss, List<String> bad) {
    return (loss.isPresent() ? "loss " + loss.getAsDouble() + ", " : "")
        + (bad.isEmpty()
            ? "gradients finite"
            : "non-finite gradients in "
                + bad.size()
                + " parameters "
                + (bad.size() > 4 ? new ArrayList<>(bad.subList(0, 4)) + " ..." : bad));
  }
}
