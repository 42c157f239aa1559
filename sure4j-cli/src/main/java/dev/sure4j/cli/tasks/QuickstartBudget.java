package dev.sure4j.cli.tasks;

import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.tasks.TaskType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How long and how fast each {@code quickstart} run trains (a picocli mixin): epochs, CTC epochs, a
 * floor of optimizer steps, a learning-rate factor and the batch size, turned into one run's {@link
 * TrainingConfig}.
 */
public final class QuickstartBudget {

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "Epochs per run (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--ctc-epochs",
      defaultValue = "30",
      description = "Epochs per run of CTC tasks (default: ${DEFAULT-VALUE}).")
  int ctcEpochs;

  @Option(
      names = "--min-steps",
      defaultValue = "100",
      description =
          "At least this many optimizer steps per run, for tasks whose epochs are short"
              + " (default: ${DEFAULT-VALUE}).")
  int minSteps;

  @Option(
      names = "--lr-scale",
      defaultValue = "1",
      description = "Multiplies every method's learning rate (default: ${DEFAULT-VALUE}).")
  double lrScale;

  @Mixin BatchSizeOption batchSize;

  /**
   * Returns the utterances per batch.
   *
   * @return the {@code --batch-size} value
   */
  public int batchSize() {
    return batchSize.value();
  }

  /**
   * Returns a method's learning rate scaled by {@code --lr-scale}.
   *
   * @param methodLearningRate the method variant's peak learning rate
   * @return the run's peak learning rate
   */
  public double learningRate(double methodLearningRate) {
    return methodLearningRate * lrScale;
  }

  /**
   * Builds one run's configuration: {@code max(--min-steps, epochs * ceil(train / batch))} steps
   * with no early stopping, no accumulation and gradients clipped at norm 1.
   *
   * @param type the task's type ({@link TaskType#CTC} trains {@code --ctc-epochs})
   * @param trainSize utterances in the train split
   * @param learningRate the run's peak learning rate
   * @param seed the run's seed
   * @return the configuration
   */
  public TrainingConfig config(TaskType type, int trainSize, double learningRate, long seed) {
    int runEpochs = type == TaskType.CTC ? ctcEpochs : epochs;
    long perEpoch = (trainSize + batchSize() - 1) / batchSize();
    return TrainingConfig.builder()
        .optLearningRate(learningRate)
        .optMaxSteps(Math.max(minSteps, runEpochs * perEpoch))
        .optGradientAccumulationSteps(1)
        .optPatience(0)
        .optSeed(seed)
        .optLogEverySteps(1000)
        .optMaxGradNorm(1.0)
        .optBatchSize(batchSize())
        .build();
  }
}
