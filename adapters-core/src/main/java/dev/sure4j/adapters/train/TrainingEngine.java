package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.nn.Ops;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The optimizer-step engine every sure4j training loop runs on: the forward and backward pass of
 * each micro-batch, the check for non-finite losses and gradients, the rescaling of a short
 * accumulation, global-norm clipping and the {@link AdamW} update, applied directly to the
 * parameters.
 *
 * <p>The update does not go through DJL's {@code Trainer.step()}: its first-step check refuses a
 * step whose gradients sum to exactly 0, which a log-softmax (CTC) head can reach by rounding
 * alone. The loss of a micro-batch is divided by the accumulation steps {@code k} with {@link
 * Ops#over}, never with DJL's {@code div(Number)}, whose constant the garbage collector could free
 * before the backward pass reads it.
 *
 * <p>Loops drive the engine in one of two ways. {@link AdapterTrainer} calls {@link #beginStep},
 * {@link #accumulate} and {@link #update} itself, around its epochs, evaluations and checkpoints. A
 * fixed number of steps over batches built on demand (pre-training, the demo) is {@link #run}:
 *
 * <pre>{@code
 * try (TrainingEngine engine = TrainingEngine.builder()
 *     .setBlock(model).setLoss(Loss.softmaxCrossEntropyLoss())
 *     .setOptimizer(AdamW.builder().build()).build()) {
 *   engine.run(100, m -> new MicroBatch(inputs(m), labels(m)), e -> log(e.step()));
 * }
 * }</pre>
 *
 * <p>Extension points: the batches ({@link BatchSource}), what happens after each update ({@link
 * StepListener}), and how a skipped update is described ({@link
 * TrainingEngineBuilder#optSkipReport}), for example with diagnostics of the model.
 */
public final class TrainingEngine implements AutoCloseable {

  private final Model djl;
  private final Trainer trainer;
  private final Map<String, Parameter> trainableByName;
  private final List<Parameter> trainable;
  private final Loss loss;
  private final int accumulation;
  private final StepSeeds seeds;
  private final GradientStep gradientStep;
  private final NonFiniteGuard guard;
  private final LossMean lossMean = new LossMean();
  private long step;

  /** Supplies the micro-batches of {@link #run}. */
  @FunctionalInterface
  public interface BatchSource {

    /**
     * Builds the next micro-batch.
     *
     * @param manager the manager its arrays belong to; it is closed after the micro-batch
     * @return the micro-batch
     */
    MicroBatch next(NDManager manager);
  }

  /** Called by {@link #run} after every applied update. */
  @FunctionalInterface
  public interface StepListener {

    /**
     * Reacts to an update, for example by logging {@link #takeMeanLoss()}.
     *
     * @param engine the engine; {@link #step()} is the number of the update just applied
     */
    void afterStep(TrainingEngine engine);
  }

  TrainingEngine(TrainingEngineBuilder b) {
    this.loss = b.loss;
    this.accumulation = b.accumulation;
    this.seeds = new StepSeeds(b.seeded, b.seed);
    this.guard = new NonFiniteGuard(b.maxConsecutiveSkips, b.skipReport, b.warnings);
    this.step = b.firstStep;
    djl = b.device == null ? Model.newInstance(b.name) : Model.newInstance(b.name, b.device);
    djl.setBlock(b.block);
    trainer = djl.newTrainer(new DefaultTrainingConfig(b.loss).optOptimizer(b.optimizer));
    try {
      b.freezing.run(); // DJL's newTrainer may un-freeze parameters
      trainableByName = Collections.unmodifiableMap(ParameterCheckpoints.trainableByName(b.block));
      trainable = List.copyOf(trainableByName.values());
      checkArgument(!trainable.isEmpty(), "%s has no trainable parameter", b.name);
      Map<String, Double> factors = ParameterGroup.factorsById(b.groups, trainableByName, b.name);
      gradientStep = new GradientStep(b.optimizer, factors, b.maxGradNorm);
      Gradients.zero(trainable);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static TrainingEngineBuilder builder() {
    return new TrainingEngineBuilder();
  }

  /**
   * Returns the parameters that train, by their {@code StateDict} path, in model order.
   *
   * @return an unmodifiable map
   */
  public Map<String, Parameter> trainable() {
    return trainableByName;
  }

  /**
   * Returns the learning-rate factor of a trainable parameter, from the builder's parameter groups.
   *
   * @param path the parameter's {@code StateDict} path, a key of {@link #trainable()}
   * @return the factor, 1 outside every group
   */
  public double learningRateFactor(String path) {
    Parameter p = trainableByName.get(path);
    checkArgument(p != null, "%s is not a trainable parameter", path);
    return gradientStep.factor(p.getId());
  }

  /**
   * Returns the number of updates applied, counting from the builder's first step.
   *
   * @return the step count
   */
  public long step() {
    return step;
  }

  /**
   * Returns the number of updates skipped because a loss or gradient was not finite.
   *
   * @return the skip count of this engine
   */
  public long skippedSteps() {
    return guard.skippedSteps();
  }

  /**
   * Opens a manager for one batch's arrays, below the trainer's manager.
   *
   * @return a manager to close with the batch
   */
  public NDManager newBatchManager() {
    return trainer.getManager().newSubManager();
  }

  /**
   * Seeds the engine's random source for the next update (dropout masks), from the builder's seed
   * and {@link #step()}; does nothing without a seed. Call it before the first micro-batch of an
   * update.
   */
  public void beginStep() {
    seeds.beginStep(step);
  }

  /**
   * Runs one micro-batch: the forward pass in training mode, the loss, and the backward pass of the
   * loss divided by the accumulation steps. A non-finite loss is remembered for {@link #update}.
   *
   * @param data the model inputs
   * @param labels the loss's labels
   */
  public void accumulate(NDList data, NDList labels) {
    try (GradientCollector collector = trainer.newGradientCollector()) {
      NDList predictions = trainer.forward(data, labels);
      NDArray l = loss.evaluate(labels, predictions);
      collector.backward(Ops.over(l, accumulation));
      double v = l.getFloat();
      if (Double.isFinite(v)) {
        lossMean.add(v);
      } else {
        guard.nonFiniteLoss(v);
      }
    }
  }

  /**
   * Applies the accumulated gradients (times {@code rescale}, norm-clipped, by AdamW, then zeroed)
   * unless a loss or gradient is not finite: such an update is skipped (gradients cleared, weights
   * and optimizer state unchanged) and reported; too many skips in a row end the run.
   *
   * @param rescale the gradient factor, {@code k / m} for a last accumulation of {@code m < k}
   *     micro-batches, else 1
   * @return true when the update was applied, false when it was skipped
   * @throws IllegalStateException after too many skipped updates in a row
   */
  public boolean update(double rescale) {
    if (!guard.admit(step + 1, trainableByName, trainable)) {
      return false;
    }
    gradientStep.apply(trainable, rescale);
    step++;
    return true;
  }

  /**
   * Returns the mean of the finite micro-batch losses since the last call, and starts a new mean.
   *
   * @return the mean loss, NaN when there was none
   */
  public double takeMeanLoss() {
    return lossMean.take();
  }

  /**
   * Runs the model in inference mode.
   *
   * @param data the model inputs
   * @return its outputs
   */
  public NDList predict(NDList data) {
    return trainer.evaluate(data);
  }

  /**
   * Runs updates until {@link #step()} reaches {@code steps}: each update seeds the engine ({@link
   * #beginStep}), accumulates the builder's accumulation steps of micro-batches from the source,
   * each in its own manager, and calls the listener once applied. Skipped updates are not counted.
   *
   * @param steps the step count to reach
   * @param source the micro-batches
   * @param listener called after every applied update
   */
  public void run(long steps, BatchSource source, StepListener listener) {
    checkArgument(steps >= 0, "steps must be >= 0: %s", steps);
    while (step < steps) {
      beginStep();
      for (int i = 0; i < accumulation; i++) {
        try (NDManager m = newBatchManager()) {
          MicroBatch b = source.next(m);
          accumulate(b.data(), b.labels());
        }
      }
      if (update(1)) {
        listener.afterStep(this);
      }
    }
  }

  /** The DJL trainer, for hooks that inspect its managers. */
  Trainer trainer() {
    return trainer;
  }

  /** Closes the DJL trainer and model; the block's parameters stay. */
  @Override
  public void close() {
    try {
      trainer.close();
    } finally {
      djl.close();
    }
  }

  /**
   * An update that was not applied.
   *
   * @param step the number the update would have had (1 for the first)
   * @param loss the non-finite loss of one of its micro-batches, empty when they were finite
   * @param nonFiniteGradients the parameters whose gradient held NaN or infinity, in model order
   */
  public record SkippedUpdate(long step, OptionalDouble loss, List<String> nonFiniteGradients) {

    /** Copies the list. */
    public SkippedUpdate {
      nonFiniteGradients = List.copyOf(nonFiniteGradients);
    }

    /**
     * Describes what was not finite, for example {@code "loss NaN, non-finite gradients in 2
     * parameters [a, b]"}; at most four names are listed.
     *
     * @return the description
     */
    public String describe() {
      return NonFiniteGuard.describe(loss, nonFiniteGradients);
    }
  }
}
