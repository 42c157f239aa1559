package dev.sure4j.adapters.train;

import java.util.Map;

/**
 * One line of the training history: a training-loss line ({@code metrics} empty) or an evaluation
 * line ({@code loss} is the training loss since the previous line, or NaN).
 *
 * @param step the optimizer step reached (1-based)
 * @param epoch the epoch (0-based) the step belongs to
 * @param learningRate the rate of the last optimizer step
 * @param loss the mean training loss per micro-batch since the previous training line, or NaN
 * @param metrics evaluation metrics by name, empty on training lines
 * @param seconds wall-clock seconds since training started (resumed runs continue counting)
 */
public record LogRow(
    long step,
    int epoch,
    double learningRate,
    double loss,
    Map<String, Double> metrics,
    double seconds) {

  /** Copies the metrics. */
  public LogRow {
    metrics = Map.copyOf(metrics);
  }

  /**
   * Returns whether this is an evaluation line.
   *
   * @return true when it holds metrics
   */
  public boolean isEvaluation() {
    return !metrics.isEmpty();
  }
}
