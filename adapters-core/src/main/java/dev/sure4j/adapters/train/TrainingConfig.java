package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The training recipe. Defaults follow the SURE recipe: AdamW, learning rate 5e-4, weight decay 0,
 * 10% linear warm-up then linear decay to zero, gradient accumulation over 4 micro-batches, early
 * stopping with patience 5, best checkpoint kept.
 *
 * @param learningRate the peak AdamW learning rate (default 5e-4)
 * @param weightDecay the decoupled AdamW weight decay (default 0; SURE uses 0.005 for ASR)
 * @param warmupRatio share of the optimizer steps spent in linear warm-up (default 0.1)
 * @param schedule decay after warm-up (default {@link LrSchedule.Kind#LINEAR})
 * @param gradientAccumulationSteps micro-batches per optimizer step (default 4); each micro-batch
 *     loss is scaled by {@code 1/k}
 * @param epochs passes over the training data (default 10); ignored when {@code maxSteps > 0}
 * @param maxSteps optimizer steps to run; 0 means {@code epochs} passes (default 0)
 * @param evalEverySteps evaluate every this many optimizer steps, 0 for epoch ends only (default
 *     0); evaluation also runs at every epoch end
 * @param metric the metric early stopping and the best checkpoint follow (default {@code
 *     eval_loss})
 * @param greaterIsBetter whether a larger {@code metric} is better (default false)
 * @param patience evaluations without improvement before stopping, 0 to never stop early (default
 *     5)
 * @param keepBestCheckpoint write {@code outputDir/best} at every improvement (default true)
 * @param seed the seed of the engine, shuffling and dropout (default 42)
 * @param logEverySteps log the mean loss every this many optimizer steps (default 10)
 * @param maxGradNorm clip the global L2 norm of the trainable gradients to this value, 0 for no
 *     clipping (default 0)
 * @param adamBeta1 AdamW beta1 (default 0.9)
 * @param adamBeta2 AdamW beta2 (default 0.999)
 * @param adamEpsilon AdamW epsilon (default 1e-8)
 * @param parameterGroups learning-rate factors by parameter path, e.g. {@link
 *     ParameterGroup#loraPlus} (default none)
 */
public record TrainingConfig(
    double learningRate,
    double weightDecay,
    double warmupRatio,
    LrSchedule.Kind schedule,
    int gradientAccumulationSteps,
    int epochs,
    long maxSteps,
    int evalEverySteps,
    String metric,
    boolean greaterIsBetter,
    int patience,
    boolean keepBestCheckpoint,
    long seed,
    int logEverySteps,
    double maxGradNorm,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    List<ParameterGroup> parameterGroups) {

  /** The metric the engine always computes on the evaluation data: the mean loss. */
  public static final String EVAL_LOSS = "eval_loss";

  /** Validates every value. */
  public TrainingConfig {
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "learning rate must be > 0: %s",
        learningRate);
    checkArgument(weightDecay >= 0, "weight decay must be >= 0: %s", weightDecay);
    checkArgument(
        warmupRatio >= 0 && warmupRatio <= 1, "warm-up ratio must be in [0, 1]: %s", warmupRatio);
    checkArgument(schedule != null, "schedule must not be null");
    checkArgument(
        gradientAccumulationSteps > 0,
        "gradient accumulation steps must be > 0: %s",
        gradientAccumulationSteps);
    checkArgument(epochs > 0, "epochs must be > 0: %s", epochs);
    checkArgument(maxSteps >= 0, "max steps must be >= 0 (0 = use epochs): %s", maxSteps);
    checkArgument(evalEverySteps >= 0, "eval every steps must be >= 0: %s", evalEverySteps);
    checkArgument(metric != null && !metric.isBlank(), "metric name must not be blank");
    checkArgument(patience >= 0, "patience must be >= 0: %s", patience);
    checkArgument(logEverySteps > 0, "log every steps must be > 0: %s", logEverySteps);
    checkArgument(maxGradNorm >= 0, "max gradient norm must be >= 0 (0 = off): %s", maxGradNorm);
    checkArgument(adamBeta1 >= 0 && adamBeta1 < 1, "AdamW beta1 must be in [0, 1): %s", adamBeta1);
    checkArgument(adamBeta2 >= 0 && adamBeta2 < 1, "AdamW beta2 must be in [0, 1): %s", adamBeta2);
    checkArgument(adamEpsilon > 0, "AdamW epsilon must be > 0: %s", adamEpsilon);
    checkArgument(parameterGroups != null, "parameter groups must not be null");
    parameterGroups = List.copyOf(parameterGroups);
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.warmupRatio = warmupRatio;
    b.schedule = schedule;
    b.gradientAccumulationSteps = gradientAccumulationSteps;
    b.epochs = epochs;
    b.maxSteps = maxSteps;
    b.evalEverySteps = evalEverySteps;
    b.metric = metric;
    b.greaterIsBetter = greaterIsBetter;
    b.patience = patience;
    b.keepBestCheckpoint = keepBestCheckpoint;
    b.seed = seed;
    b.logEverySteps = logEverySteps;
    b.maxGradNorm = maxGradNorm;
    b.adamBeta1 = adamBeta1;
    b.adamBeta2 = adamBeta2;
    b.adamEpsilon = adamEpsilon;
    b.parameterGroups = parameterGroups;
    return b;
  }

  /** Builds a {@link TrainingConfig}; every value is optional. */
  public static final class Builder {
    private double learningRate = 5e-4;
    private double weightDecay = 0;
    private double warmupRatio = 0.1;
    private LrSchedule.Kind schedule = LrSchedule.Kind.LINEAR;
    private int gradientAccumulationSteps = 4;
    private int epochs = 10;
    private long maxSteps = 0;
    private int evalEverySteps = 0;
    private String metric = EVAL_LOSS;
    private boolean greaterIsBetter = false;
    private int patience = 5;
    private boolean keepBestCheckpoint = true;
    private long seed = 42;
    private int logEverySteps = 10;
    private double maxGradNorm = 0;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private List<ParameterGroup> parameterGroups = List.of();

    private Builder() {}

    /**
     * Sets the peak learning rate.
     *
     * @param v the rate
     * @return this builder
     */
    public Builder optLearningRate(double v) {
      learningRate = v;
      return this;
    }

    /**
     * Sets the decoupled weight decay.
     *
     * @param v the decay
     * @return this builder
     */
    public Builder optWeightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /**
     * Sets the warm-up share of the steps.
     *
     * @param v the ratio in [0, 1]
     * @return this builder
     */
    public Builder optWarmupRatio(double v) {
      warmupRatio = v;
      return this;
    }

    /**
     * Sets the decay after warm-up.
     *
     * @param v the schedule kind
     * @return this builder
     */
    public Builder optSchedule(LrSchedule.Kind v) {
      schedule = v;
      return this;
    }

    /**
     * Sets the micro-batches per optimizer step.
     *
     * @param v the accumulation steps
     * @return this builder
     */
    public Builder optGradientAccumulationSteps(int v) {
      gradientAccumulationSteps = v;
      return this;
    }

    /**
     * Sets the passes over the training data.
     *
     * @param v epochs
     * @return this builder
     */
    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    /**
     * Sets a fixed number of optimizer steps, overriding epochs.
     *
     * @param v steps, 0 to use epochs
     * @return this builder
     */
    public Builder optMaxSteps(long v) {
      maxSteps = v;
      return this;
    }

    /**
     * Evaluates every this many optimizer steps (and at each epoch end).
     *
     * @param v steps, 0 for epoch ends only
     * @return this builder
     */
    public Builder optEvalEverySteps(int v) {
      evalEverySteps = v;
      return this;
    }

    /**
     * Sets the metric early stopping and the best checkpoint follow.
     *
     * @param name a metric name produced by the evaluator, or {@link #EVAL_LOSS}
     * @param greaterIsBetter whether larger values are better
     * @return this builder
     */
    public Builder optMetric(String name, boolean greaterIsBetter) {
      this.metric = name;
      this.greaterIsBetter = greaterIsBetter;
      return this;
    }

    /**
     * Sets the early-stopping patience.
     *
     * @param v evaluations without improvement, 0 to never stop early
     * @return this builder
     */
    public Builder optPatience(int v) {
      patience = v;
      return this;
    }

    /**
     * Sets whether the best checkpoint is written.
     *
     * @param v true to keep {@code outputDir/best}
     * @return this builder
     */
    public Builder optKeepBestCheckpoint(boolean v) {
      keepBestCheckpoint = v;
      return this;
    }

    /**
     * Sets the seed.
     *
     * @param v the seed
     * @return this builder
     */
    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /**
     * Sets the logging interval.
     *
     * @param v optimizer steps between log lines
     * @return this builder
     */
    public Builder optLogEverySteps(int v) {
      logEverySteps = v;
      return this;
    }

    /**
     * Sets global-norm gradient clipping.
     *
     * @param v the maximum L2 norm, 0 for none
     * @return this builder
     */
    public Builder optMaxGradNorm(double v) {
      maxGradNorm = v;
      return this;
    }

    /**
     * Sets the AdamW moment decay rates.
     *
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @return this builder
     */
    public Builder optAdamBetas(double beta1, double beta2) {
      adamBeta1 = beta1;
      adamBeta2 = beta2;
      return this;
    }

    /**
     * Sets the AdamW epsilon.
     *
     * @param v epsilon
     * @return this builder
     */
    public Builder optAdamEpsilon(double v) {
      adamEpsilon = v;
      return this;
    }

    /**
     * Sets the parameter groups (default none: one learning rate for every parameter).
     *
     * @param v the groups, first match wins
     * @return this builder
     */
    public Builder optParameterGroups(List<ParameterGroup> v) {
      parameterGroups = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the first invalid value
     */
    public TrainingConfig build() {
      return new TrainingConfig(
          learningRate,
          weightDecay,
          warmupRatio,
          schedule,
          gradientAccumulationSteps,
          epochs,
          maxSteps,
          evalEverySteps,
          metric,
          greaterIsBetter,
          patience,
          keepBestCheckpoint,
          seed,
          logEverySteps,
          maxGradNorm,
          adamBeta1,
          adamBeta2,
          adamEpsilon,
          parameterGroups);
    }
  }
}
