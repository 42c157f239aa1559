package dev.sure4j.adapters.train;

import java.util.List;

/**
 * The values of a {@link TrainingConfig.Builder} with their defaults (the SURE recipe), and their
 * setters.
 *
 * @param <B> the builder type the setters return
 */
abstract class TrainingConfigSetters<B extends TrainingConfigSetters<B>> {
  double learningRate = 5e-4;
  double weightDecay = 0;
  double warmupRatio = 0.1;
  LrSchedule.Kind schedule = LrSchedule.Kind.LINEAR;
  int gradientAccumulationSteps = 4;
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

  /** Returns this builder, typed. */
  abstract B self();

  /**
   * Sets the peak learning rate.
   *
   * @param v the rate
   * @return this builder
   */
  public B optLearningRate(double v) {
    learningRate = v;
    return self();
  }

  /**
   * Sets the decoupled weight decay.
   *
   * @param v the decay
   * @return this builder
   */
  public B optWeightDecay(double v) {
    weightDecay = v;
    return self();
  }

  /**
   * Sets the warm-up share of the steps.
   *
   * @param v the ratio in [0, 1]
   * @return this builder
   */
  public B optWarmupRatio(double v) {
    warmupRatio = v;
    return self();
  }

  /**
   * Sets the decay after warm-up.
   *
   * @param v the schedule kind
   * @return this builder
   */
  public B optSchedule(LrSchedule.Kind v) {
    schedule = v;
    return self();
  }

  /**
   * Sets the micro-batches per optimizer step.
   *
   * @param v the accumulation steps
   * @return this builder
   */
  public B optGradientAccumulationSteps(int v) {
    gradientAccumulationSteps = v;
    return self();
  }

  /**
   * Sets the passes over the training data.
   *
   * @param v epochs
   * @return this builder
   */
  public B optEpochs(int v) {
    epochs = v;
    return self();
  }

  /**
   * Sets a fixed number of optimizer steps, overriding epochs.
   *
   * @param v steps, 0 to use epochs
   * @return this builder
   */
  public B optMaxSteps(long v) {
    maxSteps = v;
    return self();
  }

  /**
   * Evaluates every this many optimizer steps (and at each epoch end).
   *
   * @param v steps, 0 for epoch ends only
   * @return this builder
   */
  public B optEvalEverySteps(int v) {
    evalEverySteps = v;
    return self();
  }

  /**
   * Sets the metric early stopping and the best checkpoint follow.
   *
   * @param name a metric name produced by the evaluator, or {@link TrainingConfig#EVAL_LOSS}
   * @param greaterIsBetter whether larger values are better
   * @return this builder
   */
  public B optMetric(String name, boolean greaterIsBetter) {
    this.metric = name;
    this.greaterIsBetter = greaterIsBetter;
    return self();
  }

  /**
   * Sets the early-stopping patience.
   *
   * @param v evaluations without improvement, 0 to never stop early
   * @return this builder
   */
  public B optPatience(int v) {
    patience = v;
    return self();
  }

  /**
   * Sets whether the best checkpoint is written.
   *
   * @param v true to keep {@code outputDir/best}
   * @return this builder
   */
  public B optKeepBestCheckpoint(boolean v) {
    keepBestCheckpoint = v;
    return self();
  }

  /**
   * Sets the seed.
   *
   * @param v the seed
   * @return this builder
   */
  public B optSeed(long v) {
    seed = v;
    return self();
  }

  /**
   * Sets the logging interval.
   *
   * @param v optimizer steps between log lines
   * @return this builder
   */
  public B optLogEverySteps(int v) {
    logEverySteps = v;
    return self();
  }

  /**
   * Sets global-norm gradient clipping.
   *
   * @param v the maximum L2 norm, 0 for none
   * @return this builder
   */
  public B optMaxGradNorm(double v) {
    maxGradNorm = v;
    return self();
  }

  /**
   * Sets the AdamW moment decay rates.
   *
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @return this builder
   */
  public B optAdamBetas(double beta1, double beta2) {
    adamBeta1 = beta1;
    adamBeta2 = beta2;
    return self();
  }

  /**
   * Sets the AdamW epsilon.
   *
   * @param v epsilon
   * @return this builder
   */
  public B optAdamEpsilon(double v) {
    adamEpsilon = v;
    return self();
  }

  /**
   * Sets the parameter groups (default none: one learning rate for every parameter).
   *
   * @param v the groups, first match wins
   * @return this builder
   */
  public B optParameterGroups(List<ParameterGroup> v) {
    parameterGroups = v;
    return self();
  }
}
