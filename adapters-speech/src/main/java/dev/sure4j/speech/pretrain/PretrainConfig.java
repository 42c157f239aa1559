package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Settings of a masked-prediction pretraining run ({@link Pretrainer}).
 *
 * @param steps optimizer steps
 * @param batchSize utterances per step
 * @param learningRate AdamW peak rate
 * @param warmupSteps linear warm-up steps, then linear decay to zero at the last step
 * @param weightDecay AdamW decoupled weight decay
 * @param maxGradNorm global gradient-norm bound (0 = no clipping)
 * @param maskProb {@link SpanMasker} {@code mask_time_prob}
 * @param spanLength {@link SpanMasker} span length, in frames
 * @param seed seed of batch order, masks and dropout
 * @param logEvery steps between log lines
 */
public record PretrainConfig(
    int steps,
    int batchSize,
    float learningRate,
    int warmupSteps,
    float weightDecay,
    float maxGradNorm,
    float maskProb,
    int spanLength,
    long seed,
    int logEvery) {

  /** Validates the values. */
  public PretrainConfig {
    checkArgument(steps > 0, "steps must be > 0: %s", steps);
    checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
    checkArgument(learningRate > 0, "learning rate must be > 0: %s", learningRate);
    checkArgument(
        warmupSteps >= 0 && warmupSteps <= steps,
        "warm-up steps %s must be in [0, steps %s]",
        warmupSteps,
        steps);
    checkArgument(weightDecay >= 0, "weight decay must be >= 0: %s", weightDecay);
    checkArgument(maxGradNorm >= 0, "max gradient norm must be >= 0: %s", maxGradNorm);
    checkArgument(logEvery > 0, "log interval must be > 0 steps: %s", logEvery);
    new SpanMasker(maskProb, spanLength);
  }

  /**
   * Returns a builder with the defaults: 1000 steps, batch 16, rate 5e-4, 8% warm-up, weight decay
   * 0.01, clipping at 10, mask probability 0.65 with spans of 5 frames (about 45% of frames
   * masked), seed 0, a log line every 50 steps.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PretrainConfig}; every value has a default. */
  public static final class Builder {
    private int steps = 1000;
    private int batchSize = 16;
    private float learningRate = 5e-4f;
    private int warmupSteps = -1;
    private float weightDecay = 0.01f;
    private float maxGradNorm = 10f;
    private float maskProb = 0.65f;
    private int spanLength = 5;
    private long seed;
    private int logEvery = 50;

    private Builder() {}

    /**
     * Sets the optimizer steps.
     *
     * @param steps steps, {@code > 0}
     * @return this builder
     */
    public Builder optSteps(int steps) {
      this.steps = steps;
      return this;
    }

    /**
     * Sets the batch size.
     *
     * @param batchSize utterances per step
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the peak learning rate.
     *
     * @param learningRate the rate
     * @return this builder
     */
    public Builder optLearningRate(float learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Sets the warm-up steps (default: 8% of the steps).
     *
     * @param warmupSteps steps
     * @return this builder
     */
    public Builder optWarmupSteps(int warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    /**
     * Sets the weight decay.
     *
     * @param weightDecay the decay
     * @return this builder
     */
    public Builder optWeightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * Sets the gradient-norm bound.
     *
     * @param maxGradNorm the bound, 0 for none
     * @return this builder
     */
    public Builder optMaxGradNorm(float maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /**
     * Sets the masking.
     *
     * @param maskProb {@code mask_time_prob}
     * @param spanLength frames per span
     * @return this builder
     */
    public Builder optMasking(float maskProb, int spanLength) {
      this.maskProb = maskProb;
      this.spanLength = spanLength;
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the log interval.
     *
     * @param logEvery steps between log lines
     * @return this builder
     */
    public Builder optLogEvery(int logEvery) {
      this.logEvery = logEvery;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     */
    public PretrainConfig build() {
      int warmup = warmupSteps >= 0 ? warmupSteps : Math.round(0.08f * steps);
      return new PretrainConfig(
          steps,
          batchSize,
          learningRate,
          warmup,
          weightDecay,
          maxGradNorm,
          maskProb,
          spanLength,
          seed,
          logEvery);
    }
  }
}
