package dev.sure4j.adapters.train;

import java.util.List;

/**
 * Builds a {@link TrainingConfig} (through {@link TrainingConfig#builder()}): every value is
 * optional, and its default (the SURE recipe) stands here, once. {@link TrainingConfig} documents
 * each field with its unit.
 */
public final class TrainingConfigBuilder {
  double learningRate = 5e-4;
  double weightDecay = 0;
  double warmupRatio = 0.1;
  LrSchedule.Kind schedule = LrSchedule.Kind.LINEAR;
  int gradientAccumulationSteps = 4;
  int batchSize = 16;
  int epochs = 10;
  long maxSteps = 0;
  int evalEverySteps = 0;
  String metric = TrainingConfig.EVAL_LOSS;
  boolean greaterIsBetter = false;
  int patience = 5;
  boolean keepBestCheckpoint = true;
  long seed = 42;
  int logEverySteps = 10;
  double maxGradNorm = 0;
  double adamBeta1 = 0.9;
  double adamBeta2 = 0.999;
  double adamEpsilon = 1e-8;
  List<ParameterGroup> parameterGroups = List.of();

  TrainingConfigBuilder() {}

  /**
   * Sets the peak learning rate.
   *
   * @param v the rate
   * @return this builder
   */
  public TrainingConfigBuilder optLearningRate(double v) {
    learningRate = v;
    return this;
  }

  /**
   * Sets the decoupled weight decay.
   *
   * @param v the decay
   * @return this builder
   */
  public TrainingConfigBuilder optWeightDecay(double v) {
    weightDecay = v;
    return this;
  }

  /**
   * Sets the warm-up share of the steps.
   *
   * @param v the ratio in [0, 1]
   * @return this builder
   */
  public TrainingConfigBuilder optWarmupRatio(double v) {
    warmupRatio = v;
    return this;
  }

  /**
   * Sets the decay after warm-up.
   *
   * @param v the schedule kind
   * @return this builder
   */
  public TrainingConfigBuilder optSchedule(LrSchedule.Kind v) {
    schedule = v;
    return this;
  }

  /**
   * Sets the micro-batches per optimizer step.
   *
   * @param v the accumulation steps
   * @return this builder
   */
  public TrainingConfigBuilder optGradientAccumulationSteps(int v) {
    gradientAccumulationSteps = v;
    return this;
  }

  /**
   * Sets the examples (utterances) per micro-batch.
   *
   * @param v the batch size, positive
   * @return this builder
   */
  public TrainingConfigBuilder optBatchSize(int v) {
    batchSize = v;
    return this;
  }

  /**
   * Sets the passes over the training data.
   *
   * @param v epochs
   * @return this builder
   */
  public TrainingConfigBuilder optEpochs(int v) {
    epochs = v;
    return this;
  }

  /**
   * Sets a fixed number of optimizer steps, overriding epochs.
   *
   * @param v steps, 0 to use epochs
   * @return this builder
   */
  public TrainingConfigBuilder optMaxSteps(long v) {
    maxSteps = v;
    return this;
  }

  /**
   * Evaluates every this many optimizer steps (and at each epoch end).
   *
   * @param v steps, 0 for epoch ends only
   * @return this builder
   */
  public TrainingConfigBuilder optEvalEverySteps(int v) {
    evalEverySteps = v;
    return this;
  }

  /**
   * Sets the metric early stopping and the best checkpoint follow.
   *
   * @param name a metric name produced by the evaluator, or {@link TrainingConfig#EVAL_LOSS}
   * @param greaterIsBetter whether larger values are better
   * @return this builder
   */
  public TrainingConfigBuilder optMetric(String name, boolean greaterIsBetter) {
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
  public TrainingConfigBuilder optPatience(int v) {
    patience = v;
    return this;
  }

  /**
   * Sets whether the best checkpoint is written.
   *
   * @param v true to keep {@code outputDir/best}
   * @return this builder
   */
  public TrainingConfigBuilder optKeepBestCheckpoint(boolean v) {
    keepBestCheckpoint = v;
    return this;
  }

  /**
   * Sets the seed.
   *
   * @param v the seed
   * @return this builder
   */
  public TrainingConfigBuilder optSeed(long v) {
    seed = v;
    return this;
  }

  /**
   * Sets the logging interval.
   *
   * @param v optimizer steps between log lines
   * @return this builder
   */
  public TrainingConfigBuilder optLogEverySteps(int v) {
    logEverySteps = v;
    return this;
  }

  /**
   * Sets global-norm gradient clipping.
   *
   * @param v the maximum L2 norm, 0 for none
   * @return this builder
   */
  public TrainingConfigBuilder optMaxGradNorm(double v) {
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
  public TrainingConfigBuilder optAdamBetas(double beta1, double beta2) {
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
  public TrainingConfigBuilder optAdamEpsilon(double v) {
    adamEpsilon = v;
    return this;
  }

  /**
   * Sets the parameter groups (default none: one learning rate for every parameter).
   *
   * @param v the groups, first match wins
   * @return this builder
   */
  public TrainingConfigBuilder optParameterGroups(List<ParameterGroup> v) {
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
        batchSize,
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
