package dev.sure4j.adapters.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a training run produced.
 *
 * @param metric the name of the followed metric
 * @param bestMetric the best value of {@code metric} seen, NaN when no evaluation ran
 * @param bestStep the optimizer step of the best value, -1 when none
 * @param steps the optimizer steps done in total (resumed runs included)
 * @param stoppedEarly whether early stopping ended the run
 * @param finalMetrics the metrics of the last evaluation, empty when none ran
 * @param history every log line, oldest first
 * @param elapsedSeconds wall-clock seconds, resumed runs included
 * @param bestCheckpoint the best checkpoint directory, when one was written
 * @param lastCheckpoint the last checkpoint directory
 * @param skippedSteps updates dropped because their loss or gradients were not finite (each is
 *     reported on standard error when it happens)
 */
public record TrainingResult(
    String metric,
    double bestMetric,
    long bestStep,
    long steps,
    boolean stoppedEarly,
    Map<String, Double> finalMetrics,
    List<LogRow> history,
    double elapsedSeconds,
    Optional<Path> bestCheckpoint,
    Path lastCheckpoint,
    long skippedSteps) {

  /** Copies the collections. */
  public TrainingResult {
    finalMetrics = Map.copyOf(finalMetrics);
    history = List.copyOf(history);
  }
}
