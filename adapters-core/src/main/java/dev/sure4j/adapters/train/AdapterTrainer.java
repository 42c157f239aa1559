package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains one adapter of an {@link AdapterModel} with a {@link TrainingConfig}: AdamW with warm-up
 * and decay, gradient accumulation, optional global-norm clipping, evaluation every N steps and at
 * each epoch end, early stopping, best and last checkpoints, logs, plots and resume.
 *
 * <pre>{@code
 * TrainingResult r = AdapterTrainer.builder()
 *     .setModel(model).setAdapter("kws").setLoss(Loss.softmaxCrossEntropyLoss())
 *     .setTrainData(train).optEvalData(dev).optEvaluator(accuracy)
 *     .setConfig(TrainingConfig.builder().optMetric("accuracy", true).build())
 *     .setOutputDir(Path.of("runs/kws")).build().fit();
 * }</pre>
 *
 * <p><b>Data.</b> Batches come from {@link Dataset#getData(NDManager)}: their data are the model
 * inputs (for example {@code [batch, frames, hidden]} features and a {@code [batch, frames]} mask),
 * their labels go to the loss. The loss must return the mean over the batch; each micro-batch loss
 * is divided by the accumulation steps {@code k} before {@code backward}, and the optimizer steps
 * every {@code k} micro-batches, so {@code k} micro-batches of size {@code b} give the update of
 * one batch of size {@code k*b}. A shorter accumulation at the end of an epoch is rescaled to the
 * mean of the micro-batches it holds. Every per-batch array is closed with its batch.
 *
 * <p><b>Steps.</b> Without {@code maxSteps}, the number of optimizer steps is {@code epochs *
 * ceil(batchesPerEpoch / k)}; {@code batchesPerEpoch} is counted with one pass over the training
 * data unless given with {@link AdapterTrainerBuilder#optBatchesPerEpoch}.
 *
 * <p><b>Determinism.</b> The engine seed is set from the seed and the epoch before each epoch's
 * iterator is created (DJL's shuffling samplers draw from it), and from the seed and the step
 * before each optimizer step (dropout), so the same seed gives the same numbers on the same
 * machine, and a resumed run draws the same shuffles and dropout masks as an uninterrupted one.
 *
 * <p><b>Checkpoints.</b> {@code outputDir/last} is written after every evaluation and at the end;
 * {@code outputDir/best} at every improvement of the followed metric. Both are written into a
 * temporary directory and renamed into place. Each holds the weights (through the {@link
 * CheckpointWriter}) and {@code trainer_state.json}.
 *
 * <p><b>Engine.</b> The steps run on a {@link TrainingEngine} (the loop over epochs is {@link
 * FitLoop}, resume and checkpoint handling {@link RunCheckpoints}); an update with a non-finite
 * loss or gradient is skipped, and more than {@value #MAX_CONSECUTIVE_SKIPS} in a row end the run.
 *
 * <p><b>Optimizer.</b> {@link AdamW} with PyTorch's update rule; its state (both moment estimates
 * and the step count of every trainable parameter) is saved in each checkpoint as {@value
 * #OPTIMIZER_FILE}, written into the same temporary directory as the weights.
 *
 * <p><b>Resume.</b> {@link AdapterTrainerBuilder#optResumeFrom} restores the weights, the optimizer
 * state, step, epoch, position in the epoch, early-stopping state, history and learning-rate
 * schedule position, so a resumed run computes the same numbers as an uninterrupted one. A
 * checkpoint without {@value #OPTIMIZER_FILE} (written by an older version) resumes with zero
 * moments.
 */
public final class AdapterTrainer {

  /** The optimizer-state file inside a checkpoint directory (see {@link AdamW#saveState}). */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";

  /** Updates in a row with a non-finite loss or gradient after which a run fails. */
  public static final int MAX_CONSECUTIVE_SKIPS =
      TrainingEngineBuilder.DEFAULT_MAX_CONSECUTIVE_SKIPS;

  private final AdapterModel model;
  private final String adapter;
  private final Loss loss;
  private final Dataset trainData;
  private final Dataset evalData;
  private final Evaluator evaluator;
  private final TrainingConfig config;
  private final Path outputDir;
  private final CheckpointWriter writer;
  private final CheckpointReader reader;
  private final Path resumeFrom;
  private final long batchesPerEpoch;
  private final Consumer<Trainer> afterStep;
  private final Device device;

  AdapterTrainer(AdapterTrainerBuilder b) {
    this.model = b.model;
    this.adapter = b.adapter;
    this.loss = b.loss;
    this.trainData = b.trainData;
    this.evalData = b.evalData;
    this.evaluator = b.evaluator;
    this.config = b.config;
    this.outputDir = b.outputDir;
    this.writer = b.writer;
    this.reader = b.reader;
    this.resumeFrom = b.resumeFrom;
    this.batchesPerEpoch = b.batchesPerEpoch;
    this.afterStep = b.afterStep;
    this.device = b.device;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static AdapterTrainerBuilder builder() {
    return new AdapterTrainerBuilder();
  }

  /**
   * Runs the training. The adapter is activated first when it is not among the active adapters.
   *
   * @return the result
   * @throws IOException when data, checkpoints or logs cannot be read or written
   * @throws TranslateException when the datasets fail to produce batches
   * @throws IllegalArgumentException when the followed metric is not produced by the evaluation
   */
  public TrainingResult fit() throws IOException, TranslateException {
    if (!model.activeAdapters().contains(adapter)) {
      model.setActiveAdapters(adapter);
    }
    TrainingState state =
        resumeFrom == null
            ? RunCheckpoints.fresh(adapter, config.seed())
            : RunCheckpoints.resume(resumeFrom, model, adapter, reader);
    long perEpoch = batchesPerEpoch > 0 ? batchesPerEpoch : countBatches();
    checkArgument(perEpoch > 0, "the training data produced no batch");
    int k = config.gradientAccumulationSteps();
    long total =
        config.maxSteps() > 0 ? config.maxSteps() : config.epochs() * ((perEpoch + k - 1) / k);
    LrSchedule schedule =
        LrSchedule.withWarmupRatio(
            config.schedule(), (float) config.learningRate(), config.warmupRatio(), total);
    AdamW adamW = config.newAdamW(schedule, state.step);
    TrainingLog log = new TrainingLog(outputDir, state.history);
    Engine.getInstance().setRandomSeed(StepSeeds.mix(config.seed(), 0x5eed, 0));
    try (TrainingEngine engine =
        TrainingEngine.builder()
            .setBlock(model)
            .setLoss(loss)
            .setOptimizer(adamW)
            .optName("sure4j-" + adapter)
            .optDevice(device)
            .optFreezing(model::applyFreezing)
            .optConfig(config)
            .optFirstStep(state.step)
            .optMaxConsecutiveSkips(MAX_CONSECUTIVE_SKIPS)
            .optSkipReport(FitLoop.skipReport(state))
            .build()) {
      if (resumeFrom != null) {
        RunCheckpoints.restoreOptimizer(resumeFrom, adamW, engine.trainable());
      }
      CheckpointStore store = RunCheckpoints.store(outputDir, writer, adamW, engine.trainable());
      EvalPass eval = evalData == null ? null : new EvalPass(evalData, loss, evaluator);
      FitLoop.Parts parts = new FitLoop.Parts(model, adapter, config, trainData, eval, afterStep);
      new FitLoop(parts, engine, state, schedule, total, store, log).run();
    }
    if (LearningCurves.available()) {
      LearningCurves.write(state.history, outputDir);
    }
    Path best = outputDir.resolve(CheckpointStore.BEST);
    Path last = outputDir.resolve(CheckpointStore.LAST);
    return new TrainingResult(
        config.metric(),
        state.bestMetric,
        state.bestStep,
        state.step,
        state.stoppedEarly,
        state.lastMetrics,
        state.history,
        state.elapsedSeconds,
        state.bestStep >= 0 && config.keepBestCheckpoint()
            ? Optional.of(CheckpointStore.find(best).orElse(best))
            : Optional.empty(),
        CheckpointStore.find(last).orElse(last),
        state.skippedSteps);
  }

  /**
   * Finds the checkpoint to read in a checkpoint directory such as {@code outputDir/last}: the
   * directory itself when it holds {@code trainer_state.json}; else, when the process was killed
   * between the two renames that replace it, the complete previous checkpoint kept aside ({@link
   * dev.sure4j.adapters.io.AtomicFiles#previous}); else nothing (no checkpoint was ever completed
   * there). {@link AdapterTrainerBuilder#optResumeFrom} accepts {@code dir} in either case.
   *
   * @param dir a checkpoint directory, present or not
   * @return the directory to read, or empty
   */
  public static Optional<Path> findCheckpoint(Path dir) {
    return CheckpointStore.find(dir);
  }

  private long countBatches() throws IOException, TranslateException {
    long n = 0;
    try (NDManager m = NDManager.newBaseManager(device)) {
      for (Batch b : trainData.getData(m)) {
        b.close();
        n++;
      }
    }
    return n;
  }
}
