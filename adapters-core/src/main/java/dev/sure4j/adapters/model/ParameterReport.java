package dev.sure4j.adapters.model;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.nn.StateDict;
import java.util.Locale;

/**
 * Counts of trainable and total parameters, printed as Hugging Face PEFT prints them: {@code
 * trainable params: 3,667,461 || all params: 319,106,181 || trainable%: 1.1493}.
 *
 * @param trainable the number of trainable scalars
 * @param all the number of scalars in the model, adapters and heads included
 */
public record ParameterReport(long trainable, long all) {

  /** Validates the counts. */
  public ParameterReport {
    checkArgument(
        trainable >= 0 && all >= trainable, "bad counts: trainable=%s all=%s", trainable, all);
  }

  /**
   * Counts the scalars of every parameter of a block, and those that require a gradient.
   *
   * @param block an initialised block
   * @return the report
   */
  public static ParameterReport of(Block block) {
    long trainable = 0;
    long all = 0;
    for (Parameter p : StateDict.of(block, "").values()) {
      long n = p.getArray().size();
      all += n;
      if (p.requiresGradient()) {
        trainable += n;
      }
    }
    return new ParameterReport(trainable, all);
  }

  /**
   * Returns the trainable share in percent.
   *
   * @return {@code 100 * trainable / all}, or 0 for an empty model
   */
  public double trainablePercent() {
    return all == 0 ? 0 : 100.0 * trainable / all;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "trainable params: %,d || all params: %,d || trainable%%: %.4f",
        trainable,
        all,
        trainablePercent());
  }
}
