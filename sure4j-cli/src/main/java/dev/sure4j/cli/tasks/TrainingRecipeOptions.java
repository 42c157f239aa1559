package dev.sure4j.cli.tasks;

import dev.sure4j.adapters.train.LrSchedule;
import dev.sure4j.adapters.train.ParameterGroup;
import dev.sure4j.adapters.train.TrainingConfig;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The training recipe options of {@code train}: length, learning rate and its schedule,
 * regularisation and early stopping (a picocli mixin), turned into a {@link TrainingConfig}.
 */
public final class TrainingRecipeOptions {

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: 10).")
  int epochs;

  @Option(
      names = "--max-steps",
      defaultValue = "0",
      description = "Optimizer steps instead of epochs when > 0 (default: 0).")
  long maxSteps;

  @Option(names = "--lr", description = "Peak learning rate (default: the method's).")
  Double learningRate;

  @Option(
      names = "--loraplus-ratio",
      description =
          "LoRA+: train lora_B at this many times the learning rate of lora_A (LoRA methods"
              + " only; default: off).")
  Double loraPlusRatio;

  @Option(
      names = "--grad-accum",
      defaultValue = "1",
      description = "Micro-batches per optimizer step (default: 1).")
  int gradAccum;

  @Option(
      names = "--warmup",
      defaultValue = "0.1",
      description = "Warm-up share of the steps (default: 0.1).")
  double warmup;

  @Option(
      names = "--schedule",
      defaultValue = "linear",
      description = "Decay after warm-up: linear or cosine (default: linear).")
  String schedule;

  @Option(
      names = "--weight-decay",
      defaultValue = "0",
      description = "AdamW weight decay (default: 0).")
  double weightDecay;

  @Option(
      names = "--max-grad-norm",
      defaultValue = "1.0",
      description = "Clip the gradients' global L2 norm, 0 for no clipping (default: 1.0).")
  double maxGradNorm;

  @Option(
      names = "--eval-every",
      defaultValue = "0",
      description = "Evaluate every N steps as well as at epoch ends (default: 0).")
  int evalEvery;

  @Option(
      names = "--patience",
      defaultValue = "5",
      description = "Evaluations without improvement before stopping, 0 never (default: 5).")
  int patience;

  /**
   * Builds the training configuration these options describe.
   *
   * @param methodLearningRate the peak learning rate used when {@code --lr} is not given
   * @param seed the seed of data order and initial weights
   * @param batchSize utterances per micro-batch ({@code --batch-size})
   * @return the configuration
   * @throws IllegalArgumentException for an unknown schedule or an invalid value
   */
  public TrainingConfig config(double methodLearningRate, long seed, int batchSize) {
    return TrainingConfig.builder()
        .optLearningRate(learningRate != null ? learningRate : methodLearningRate)
        .optEpochs(epochs)
        .optMaxSteps(maxSteps)
        .optGradientAccumulationSteps(gradAccum)
        .optWarmupRatio(warmup)
        .optSchedule(LrSchedule.Kind.valueOf(schedule.toUpperCase(Locale.ROOT)))
        .optWeightDecay(weightDecay)
        .optEvalEverySteps(evalEvery)
        .optPatience(patience)
        .optMaxGradNorm(maxGradNorm)
        .optSeed(seed)
        .optBatchSize(batchSize)
        .optParameterGroups(
            loraPlusRatio == null ? List.of() : List.of(ParameterGroup.loraPlus(loraPlusRatio)))
        .build();
  }
}
