package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The settings of one TTS training run.
 *
 * @param steps optimizer updates, &gt; 0
 * @param batchSize utterances per update, &gt; 0
 * @param learningRate AdamW's peak learning rate, &gt; 0 (linear warm-up over the first 5 % of the
 *     steps, then constant)
 * @param maxGradNorm global-norm gradient clipping, 0 for none (default 1)
 * @param alignWeight weight of the forward-sum alignment loss, &gt;= 0 (default 1)
 * @param seed seed of the batch order, dropout and initialisation
 * @param logEvery print a line every this many steps, &gt; 0
 */
public record TtsTrainingOptions(
    int steps,
    int batchSize,
    float learningRate,
    double maxGradNorm,
    float alignWeight,
    long seed,
    int logEvery) {

  /** Validates the values. */
  public TtsTrainingOptions {
    checkArgument(steps > 0, "steps must be > 0: %s", steps);
    checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
    checkArgument(learningRate > 0, "learning rate must be > 0: %s", learningRate);
    checkArgument(maxGradNorm >= 0, "max gradient norm must be >= 0: %s", maxGradNorm);
    checkArgument(alignWeight >= 0, "alignment weight must be >= 0: %s", alignWeight);
    checkArgument(logEvery > 0, "log interval must be > 0: %s", logEvery);
  }

  /**
   * Returns the defaults for a number of steps: batch 8, learning rate 1e-3, clipping 1, alignment
   * weight 1, seed 0, a line every 10 steps.
   *
   * @param steps optimizer updates
   * @return the options
   */
  public static TtsTrainingOptions defaults(int steps) {
    return new TtsTrainingOptions(steps, 8, 1e-3f, 1.0, 1f, 0, 10);
  }

  /**
   * Returns these options with another learning rate.
   *
   * @param lr the learning rate
   * @return the options
   */
  public TtsTrainingOptions withLearningRate(float lr) {
    return new TtsTrainingOptions(steps, batchSize, lr, maxGradNorm, alignWeight, seed, logEvery);
  }

  /**
   * Returns these options with another batch size.
   *
   * @param size utterances per update
   * @return the options
   */
  public TtsTrainingOptions withBatchSize(int size) {
    return new TtsTrainingOptions(
        steps, size, learningRate, maxGradNorm, alignWeight, seed, logEvery);
  }
}
