package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@link AdapterTrainer} run over epochs on a {@link TrainingEngine}: the epoch iterators and
 * the position in the epoch, accumulation, log rows and progress, evaluation every N steps and at
 * each epoch end, early stopping, and the best and last checkpoints. The state it advances is
 * written into every checkpoint.
 */
final class FitLoop {

  private final TrainingConfig config;
  private final Dataset trainData;
  private final EvalPass eval;
  private final TrainingEngine engine;
  private final TrainingState state;
  private final LrSchedule schedule;
  private final long total;
  private final CheckpointStore store;
  private final TrainingLog log;
  private final AdapterModel model;
  private final String adapter;
  private final Consumer<Trainer> afterStep;
  private final long t0 = System.nanoTime();
  private final double elapsedBefore;
  private double lastLoss = Double.NaN;

  /** The parts of a run a loop reads. */
  record Parts(
      AdapterModel model,
      String adapter,
      TrainingConfig config,
      Dataset trainData,
      EvalPass eval,
      Consumer<Trainer> afterStep) {}

  /**
   * Creates the loop.
   *
   * @param parts what the run trains, on which data, how
   * @param engine the engine over the model
   * @param state the state to advance, fresh or resumed
   * @param schedule the learning-rate schedule, for the log
   * @param total the optimizer steps of the run
   * @param store writes checkpoints
   * @param log receives the log rows
   */
  FitLoop(
      Parts parts,
      TrainingEngine engine,
      TrainingState state,
      LrSchedule schedule,
      long total,
      CheckpointStore store,
      TrainingLog log) {
    this.model = parts.model();
    this.adapter = parts.adapter();
    this.config = parts.config();
    this.trainData = parts.trainData();
    this.eval = parts.eval();
    this.afterStep = parts.afterStep();
    this.engine = engine;
    this.state = state;
    this.schedule = schedule;
    this.total = total;
    this.store = store;
    this.log = log;
    this.elapsedBefore = state.elapsedSeconds;
  }

  /**
   * Trains until the step budget, the epochs or early stopping end the run.
   *
   * @throws IOException when data, checkpoints or logs cannot be read or written
   * @throws TranslateException when the datasets fail to produce batches
   */
  void run() throws IOException, TranslateException {
    int k = config.gradientAccumulationSteps();
    try (Progress progress =
        Progress.create(total, state.step, state.elapsedSeconds, config.logEverySteps())) {
      while (!finished()) {
        Engine.getInstance().setRandomSeed(StepSeeds.mix(config.seed(), 0xe90c, state.epoch));
        try (NDManager epochManager = engine.newBatchManager()) {
          Iterator<Batch> it = trainData.getData(epochManager).iterator();
          for (long i = 0; i < state.batchesInEpoch && it.hasNext(); i++) {
            it.next().close();
          }
          int micro = 0;
          while (!finished() && it.hasNext()) {
            if (micro == 0) {
              engine.beginStep();
            }
            try (Batch batch = it.next()) {
              engine.accumulate(batch.getData(), batch.getLabels());
            }
            state.batchesInEpoch++;
            if (++micro == k) {
              micro = 0;
              optimizerStep(progress, 1);
            }
          }
          if (micro > 0 && !finished()) {
            optimizerStep(progress, (double) k / micro);
          }
        }
        if (state.stoppedEarly || config.maxSteps() > 0 && state.step >= total) {
          break;
        }
        boolean needEval = state.lastEvalStep != state.step;
        state.epoch++;
        state.batchesInEpoch = 0;
        if (needEval) {
          evaluateAndCheckpoint(state.epoch - 1);
        } else {
          saveLast();
        }
      }
      if (state.lastEvalStep != state.step && !state.stoppedEarly) {
        evaluateAndCheckpoint(state.epoch);
      }
    }
  }

  /**
   * Returns the description of a skipped update with its step and epoch.
   *
   * @param state the run's state, read for the epoch
   * @return {@code "step N, epoch E: <what>; update skipped"}
   */
  static Function<TrainingEngine.SkippedUpdate, String> skipReport(TrainingState state) {
    return skipped ->
        String.format(
            Locale.ROOT,
            "step %d, epoch %d: %s; update skipped",
            skipped.step(),
            state.epoch,
            skipped.describe());
  }

  private boolean finished() {
    return state.stoppedEarly
        || state.step >= total
        || (config.maxSteps() == 0 && state.epoch >= config.epochs());
  }

  private void optimizerStep(Progress progress, double rescale)
      throws IOException, TranslateException {
    if (!engine.update(rescale)) {
      state.skippedSteps++;
      return;
    }
    state.step = engine.step();
    if (afterStep != null) {
      afterStep.accept(engine.trainer());
    }
    double lr = schedule.valueAt(state.step - 1);
    if (state.step % config.logEverySteps() == 0 || state.step == total) {
      lastLoss = engine.takeMeanLoss();
      addRow(new LogRow(state.step, state.epoch, lr, lastLoss, Map.of(), seconds()));
    }
    Double metric = state.lastMetrics.get(config.metric());
    progress.update(
        state.step,
        state.epoch,
        lastLoss,
        metric == null ? "" : String.format(Locale.ROOT, "%s %.4f", config.metric(), metric));
    if (config.evalEverySteps() > 0 && state.step % config.evalEverySteps() == 0) {
      evaluateAndCheckpoint(state.epoch);
    }
  }

  private void evaluateAndCheckpoint(int epoch) throws IOException, TranslateException {
    state.lastEvalStep = state.step;
    if (eval == null) {
      saveLast();
      return;
    }
    Map<String, Double> metrics = eval.run(engine);
    state.lastMetrics = metrics;
    addRow(
        new LogRow(
            state.step,
            epoch,
            schedule.valueAt(Math.max(0, state.step - 1)),
            Double.NaN,
            metrics,
            seconds()));
    Double v = metrics.get(config.metric());
    checkArgument(
        v != null,
        "metric '%s' is not produced by the evaluation; metrics: %s",
        config.metric(),
        metrics.keySet());
    if (isBetter(v)) {
      state.bestMetric = v;
      state.bestStep = state.step;
      state.badEvaluations = 0;
      if (config.keepBestCheckpoint()) {
        state.elapsedSeconds = seconds();
        store.save(CheckpointStore.BEST, model, adapter, state);
      }
    } else {
      state.badEvaluations++;
      if (config.patience() > 0 && state.badEvaluations >= config.patience()) {
        state.stoppedEarly = true;
      }
    }
    saveLast();
  }

  private boolean isBetter(double v) {
    if (Double.isNaN(v)) {
      return false;
    }
    if (Double.isNaN(state.bestMetric)) {
      return true;
    }
    return config.greaterIsBetter() ? v > state.bestMetric : v < state.bestMetric;
  }

  private void saveLast() throws IOException {
    state.elapsedSeconds = seconds();
    store.save(CheckpointStore.LAST, model, adapter, state);
  }

  private void addRow(LogRow row) throws IOException {
    state.history.add(row);
    log.add(row);
  }

  private double seconds() {
    return elapsedBefore + (System.nanoTime() - t0) / 1e9;
  }
}
