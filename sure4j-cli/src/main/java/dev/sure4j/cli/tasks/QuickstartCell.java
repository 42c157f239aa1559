package dev.sure4j.cli.tasks;

import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import java.nio.file.Path;

/**
 * One cell of the quickstart table: a method trained on a task with one seed.
 *
 * @param task the task, with its metric and targets
 * @param data the task's splits
 * @param method the method variant
 * @param config the run's steps, learning rate, seed and batch size
 * @param runDir where the run writes its adapter and {@code metrics.json}
 */
record QuickstartCell(
    SpeechTask task, TaskData data, MethodVariant method, TrainingConfig config, Path runDir) {

  /**
   * Returns the run's seed.
   *
   * @return the seed of data order and initial weights
   */
  long seed() {
    return config.seed();
  }

  /**
   * Returns the run's peak learning rate.
   *
   * @return the learning rate
   */
  double learningRate() {
    return config.learningRate();
  }
}
