package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds a {@link TrainingEngine}: {@code setX} values are required, {@code optX} optional. {@link
 * #build()} opens a DJL model and trainer over the block; close the engine to release them.
 */
public final class TrainingEngineBuilder {

  /** Updates in a row with a non-finite loss or gradient after which a run fails, by default. */
  public static final int DEFAULT_MAX_CONSECUTIVE_SKIPS = 10;

  Block block;
  Loss loss;
  AdamW optimizer;
  String name = "sure4j";
  Device device;
  Runnable freezing = () -> {};
  int accumulation = 1;
  double maxGradNorm;
  boolean seeded;
  long seed;
  long firstStep;
  int maxConsecutiveSkips = DEFAULT_MAX_CONSECUTIVE_SKIPS;
  List<ParameterGroup> groups = List.of();
  Function<TrainingEngine.SkippedUpdate, String> skipReport =
      s -> String.format(Locale.ROOT, "step %d: %s; update skipped", s.step(), s.describe());
  Consumer<String> warnings = w -> System.err.println("sure4j: " + w);

  TrainingEngineBuilder() {}

  /**
   * Sets the block to train; its parameters that require gradients after {@link #optFreezing}
   * train.
   *
   * @param v an initialised block
   * @return this builder
   */
  public TrainingEngineBuilder setBlock(Block v) {
    block = v;
    return this;
  }

  /**
   * Sets the loss; it must return the batch mean as a scalar.
   *
   * @param v the loss
   * @return this builder
   */
  public TrainingEngineBuilder setLoss(Loss v) {
    loss = v;
    return this;
  }

  /**
   * Sets the optimizer, with its learning-rate schedule.
   *
   * @param v the optimizer
   * @return this builder
   */
  public TrainingEngineBuilder setOptimizer(AdamW v) {
    optimizer = v;
    return this;
  }

  /**
   * Names the DJL model (default {@code sure4j}).
   *
   * @param v the name
   * @return this builder
   */
  public TrainingEngineBuilder optName(String v) {
    name = v;
    return this;
  }

  /**
   * Sets what freezes the parameters that must not train, run once the DJL trainer exists (its
   * creation may un-freeze parameters), for example {@code AdapterModel::applyFreezing}.
   *
   * @param v the freezing step
   * @return this builder
   */
  public TrainingEngineBuilder optFreezing(Runnable v) {
    freezing = v;
    return this;
  }

  /**
   * Takes the engine's hyperparameters from the one training configuration: micro-batches per
   * update ({@link TrainingConfig#gradientAccumulationSteps()}), global-norm clipping ({@link
   * TrainingConfig#maxGradNorm()}), the seed of the engine's random source before every update,
   * from the seed and the step, so that dropout draws the same masks in a resumed run ({@link
   * TrainingConfig#seed()}), and the parameter groups ({@link TrainingConfig#parameterGroups()},
   * each must match a trainable parameter). Without it: one micro-batch per update, no clipping, no
   * seeding, no groups. The learning rate, schedule and AdamW values are the optimizer's ({@link
   * TrainingConfig#newAdamW}).
   *
   * @param v the configuration
   * @return this builder
   */
  public TrainingEngineBuilder optConfig(TrainingConfig v) {
    checkArgument(v != null, "config must not be null");
    accumulation = v.gradientAccumulationSteps();
    maxGradNorm = v.maxGradNorm();
    seeded = true;
    seed = v.seed();
    groups = v.parameterGroups();
    return this;
  }

  /**
   * Sets the number of updates already applied, for a resumed run (default 0).
   *
   * @param v the step count (&gt;= 0)
   * @return this builder
   */
  public TrainingEngineBuilder optFirstStep(long v) {
    checkArgument(v >= 0, "first step must be >= 0: %s", v);
    firstStep = v;
    return this;
  }

  /**
   * Sets how many skipped updates in a row end the run (default {@value
   * #DEFAULT_MAX_CONSECUTIVE_SKIPS}).
   *
   * @param v the limit (&gt;= 0)
   * @return this builder
   */
  public TrainingEngineBuilder optMaxConsecutiveSkips(int v) {
    checkArgument(v >= 0, "max consecutive skips must be >= 0: %s", v);
    maxConsecutiveSkips = v;
    return this;
  }

  /**
   * Sets how a skipped update is described, in the warning and in the exception that ends a run
   * (default {@code "step N: <what>; update skipped"}). The function runs before the gradients are
   * cleared, so it can inspect them.
   *
   * @param v the description of a skipped update
   * @return this builder
   */
  public TrainingEngineBuilder optSkipReport(Function<TrainingEngine.SkippedUpdate, String> v) {
    skipReport = v;
    return this;
  }

  /**
   * Sets the device the model, its parameters and the trainer's arrays live on (default: the
   * engine's default device). The block's parameters must already be on it.
   *
   * @param v the device, or null for the engine's default
   * @return this builder
   */
  public TrainingEngineBuilder optDevice(Device v) {
    device = v;
    return this;
  }

  /**
   * Sets where the description of a skipped update goes (default standard error, prefixed {@code
   * sure4j: }).
   *
   * @param v the sink
   * @return this builder
   */
  public TrainingEngineBuilder optWarnings(Consumer<String> v) {
    warnings = v;
    return this;
  }

  /**
   * Validates, opens the DJL trainer, applies the freezing and collects the trainable parameters.
   *
   * @return the engine, to close after training
   * @throws IllegalArgumentException naming the first missing value, or when nothing trains
   */
  public TrainingEngine build() {
    checkArgument(block != null, "setBlock is required");
    checkArgument(loss != null, "setLoss is required");
    checkArgument(optimizer != null, "setOptimizer is required");
    checkArgument(name != null && freezing != null, "name and freezing must not be null");
    checkArgument(skipReport != null && warnings != null, "skip report and warnings are required");
    return new TrainingEngine(this);
  }
}
