package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.AdapterModel;
import dev.sure4j.adapters.nn.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * data unless given with {@link Builder#optBatchesPerEpoch}.
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
 * <p><b>Optimizer.</b> {@link AdamW} with PyTorch's update rule; its state (both moment estimates
 * and the step count of every trainable parameter) is saved in each checkpoint as {@value
 * #OPTIMIZER_FILE}, written into the same temporary directory as the weights.
 *
 * <p><b>Resume.</b> {@link Builder#optResumeFrom} restores the weights, the optimizer state, step,
 * epoch, position in the epoch, early-stopping state, history and learning-rate schedule position,
 * so a resumed run computes the same numbers as an uninterrupted one. A checkpoint without {@value
 * #OPTIMIZER_FILE} (written by an older version) resumes with zero moments.
 */
public final class AdapterTrainer {

  /** The optimizer-state file inside a checkpoint directory (see {@link AdamW#saveState}). */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";

  /** Updates in a row with a non-finite loss or gradient after which a run fails. */
  public static final int MAX_CONSECUTIVE_SKIPS = 10;

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

  private AdapterTrainer(Builder b) {
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
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
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
    TrainingState state = new TrainingState();
    state.adapter = adapter;
    state.seed = config.seed();
    if (resumeFrom != null) {
      Path dir = CheckpointStore.locate(resumeFrom);
      TrainingState saved = TrainingState.read(dir);
      checkArgument(
          adapter.equals(saved.adapter),
          "checkpoint %s trained adapter '%s', not '%s'",
          dir,
          saved.adapter,
          adapter);
      Path optimizerFile = dir.resolve(OPTIMIZER_FILE);
      if (Files.isRegularFile(optimizerFile)) {
        // check the optimizer state first, into a throwaway optimizer, so that a bad file fails
        // before the model's weights change
        AdamW.builder().build().loadState(trainableByName(), optimizerFile);
      }
      reader.read(model, adapter, dir);
      state = saved;
    }
    long perEpoch = batchesPerEpoch > 0 ? batchesPerEpoch : countBatches();
    checkArgument(perEpoch > 0, "the training data produced no batch");
    int k = config.gradientAccumulationSteps();
    long total =
        config.maxSteps() > 0 ? config.maxSteps() : config.epochs() * ((perEpoch + k - 1) / k);
    LrSchedule schedule =
        LrSchedule.withWarmupRatio(
            config.schedule(), (float) config.learningRate(), config.warmupRatio(), total);
    AdamW adamW =
        AdamW.builder()
            .optLearningRateTracker(schedule)
            .optWeightDecays((float) config.weightDecay())
            .optBeta1(config.adamBeta1())
            .optBeta2(config.adamBeta2())
            .optEpsilon(config.adamEpsilon())
            .optBeginNumUpdate(Math.toIntExact(state.step))
            .build();
    TrainingLog log = new TrainingLog(outputDir, state.history);
    Engine.getInstance().setRandomSeed(seedFor(0x5eed, 0));
    try (Model djl = Model.newInstance("sure4j-" + adapter)) {
      djl.setBlock(model);
      try (Trainer trainer = djl.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adamW))) {
        model.applyFreezing();
        Map<String, Parameter> trainable = trainableByName();
        if (resumeFrom != null) {
          Path file = CheckpointStore.locate(resumeFrom).resolve(OPTIMIZER_FILE);
          if (Files.isRegularFile(file)) {
            adamW.loadState(trainable, file);
          }
        }
        CheckpointStore store =
            new CheckpointStore(
                outputDir, writer, dir -> adamW.saveState(trainable, dir.resolve(OPTIMIZER_FILE)));
        Loop loop =
            new Loop(trainer, adamW, trainable, state, schedule, total, perEpoch, store, log);
        loop.run();
      }
    }
    if (LearningCurves.available()) {
      LearningCurves.write(state.history, outputDir);
    }
    Path best = outputDir.resolve(CheckpointStore.BEST);
    return new TrainingResult(
        config.metric(),
        state.bestMetric,
        state.bestStep,
        state.step,
        state.stoppedEarly,
        state.lastMetrics,
        state.history,
        state.elapsedSeconds,
        state.bestStep >= 0 && config.keepBestCheckpoint() ? Optional.of(best) : Optional.empty(),
        outputDir.resolve(CheckpointStore.LAST),
        state.skippedSteps);
  }

  private Map<String, Parameter> trainableByName() {
    return ParameterCheckpoints.trainableByName(model);
  }

  private long countBatches() throws IOException, TranslateException {
    long n = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (Batch b : trainData.getData(m)) {
        b.close();
        n++;
      }
    }
    return n;
  }

  private int seedFor(long salt, long index) {
    long h = config.seed() * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + index;
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 29;
    return (int) (h & 0x7fffffff);
  }

  /** One run of the loop; holds the per-run objects. */
  private final class Loop {
    private final Trainer trainer;
    private final AdamW optimizer;
    private final TrainingState state;
    private final LrSchedule schedule;
    private final long total;
    private final long perEpoch;
    private final CheckpointStore store;
    private final TrainingLog log;
    private final Map<String, Parameter> trainableNamed;
    private final List<Parameter> trainable = new ArrayList<>();
    private final long t0 = System.nanoTime();
    private final double elapsedBefore;
    private double lossSum;
    private long lossCount;
    private double lastLoss = Double.NaN;
    private String nonFiniteLoss;
    private int consecutiveSkips;

    Loop(
        Trainer trainer,
        AdamW optimizer,
        Map<String, Parameter> trainableByName,
        TrainingState state,
        LrSchedule schedule,
        long total,
        long perEpoch,
        CheckpointStore store,
        TrainingLog log) {
      this.trainer = trainer;
      this.optimizer = optimizer;
      this.state = state;
      this.schedule = schedule;
      this.total = total;
      this.perEpoch = perEpoch;
      this.store = store;
      this.log = log;
      this.elapsedBefore = state.elapsedSeconds;
      trainableNamed = trainableByName;
      trainable.addAll(trainableNamed.values());
      checkArgument(!trainable.isEmpty(), "adapter '%s' has no trainable parameter", adapter);
    }

    void run() throws IOException, TranslateException {
      int k = config.gradientAccumulationSteps();
      Gradients.zero(trainable);
      try (Progress progress =
          Progress.create(total, state.step, state.elapsedSeconds, config.logEverySteps())) {
        while (!finished()) {
          Engine.getInstance().setRandomSeed(seedFor(0xe90c, state.epoch));
          try (NDManager epochManager = trainer.getManager().newSubManager()) {
            Iterator<Batch> it = trainData.getData(epochManager).iterator();
            for (long i = 0; i < state.batchesInEpoch && it.hasNext(); i++) {
              it.next().close();
            }
            int micro = 0;
            while (!finished() && it.hasNext()) {
              if (micro == 0) {
                Engine.getInstance().setRandomSeed(seedFor(0x57e9, state.step));
              }
              try (Batch batch = it.next()) {
                microStep(batch, k);
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

    private boolean finished() {
      return state.stoppedEarly
          || state.step >= total
          || (config.maxSteps() == 0 && state.epoch >= config.epochs());
    }

    private void microStep(Batch batch, int k) {
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
        NDArray l = loss.evaluate(batch.getLabels(), predictions);
        collector.backward(Ops.over(l, k));
        double v = l.getFloat();
        if (!Double.isFinite(v)) {
          nonFiniteLoss = String.format(Locale.ROOT, "loss %s", v);
          return;
        }
        lossSum += v;
        lossCount++;
      }
    }

    private void optimizerStep(Progress progress, double rescale)
        throws IOException, TranslateException {
      List<String> bad = Gradients.nonFinite(trainableNamed);
      if (nonFiniteLoss != null || !bad.isEmpty()) {
        skipStep(bad);
        return;
      }
      consecutiveSkips = 0;
      if (rescale != 1) {
        Gradients.scale(trainable, rescale);
      }
      if (config.maxGradNorm() > 0) {
        Gradients.clip(trainable, config.maxGradNorm());
      }
      // the update itself, without Trainer.step(): DJL's first-step check refuses a step whose
      // gradients sum to exactly 0, which a log-softmax (CTC) head can reach by rounding alone
      try (NDManager scope = NDManager.newBaseManager()) {
        for (Parameter p : trainable) {
          NDArray grad = p.getArray().getGradient();
          grad.attach(scope);
          optimizer.update(p.getId(), p.getArray(), grad);
        }
      }
      Gradients.zero(trainable);
      state.step++;
      if (afterStep != null) {
        afterStep.accept(trainer);
      }
      double lr = schedule.valueAt(state.step - 1);
      if (state.step % config.logEverySteps() == 0 || state.step == total) {
        lastLoss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        lossSum = 0;
        lossCount = 0;
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

    /**
     * Drops an update whose loss or gradients are not finite: the gradients are cleared, the
     * weights and optimizer state stay as they were, the step is counted in {@link
     * TrainingResult#skippedSteps()}, and training goes on with the next batch. More than {@link
     * #MAX_CONSECUTIVE_SKIPS} in a row end the run.
     */
    private void skipStep(List<String> bad) {
      String what =
          String.format(
              Locale.ROOT,
              "step %d, epoch %d: %s%s; update skipped",
              state.step + 1,
              state.epoch,
              nonFiniteLoss != null ? nonFiniteLoss + ", " : "",
              bad.isEmpty()
                  ? "gradients finite"
                  : "non-finite gradients in "
                      + bad.size()
                      + " parameters "
                      + (bad.size() > 4 ? bad.subList(0, 4) + " ..." : bad));
      Gradients.clear(trainable);
      nonFiniteLoss = null;
      state.skippedSteps++;
      if (++consecutiveSkips > MAX_CONSECUTIVE_SKIPS) {
        throw new IllegalStateException(
            what + " (" + consecutiveSkips + " updates in a row were not finite)");
      }
      System.err.println("sure4j: " + what);
    }

    private void evaluateAndCheckpoint(int epoch) throws IOException, TranslateException {
      state.lastEvalStep = state.step;
      if (evalData == null) {
        saveLast();
        return;
      }
      Map<String, Double> metrics = evaluate();
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
          saveState();
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

    private Map<String, Double> evaluate() throws IOException, TranslateException {
      Map<String, Double> out = new LinkedHashMap<>();
      if (evaluator != null) {
        evaluator.reset();
      }
      double sum = 0;
      long n = 0;
      try (NDManager evalManager = trainer.getManager().newSubManager()) {
        for (Batch batch : evalData.getData(evalManager)) {
          try (batch) {
            NDList predictions = trainer.evaluate(batch.getData());
            NDArray l = loss.evaluate(batch.getLabels(), predictions);
            sum += l.getFloat() * batch.getSize();
            n += batch.getSize();
            if (evaluator != null) {
              evaluator.update(predictions, batch.getLabels());
            }
          }
        }
      }
      out.put(TrainingConfig.EVAL_LOSS, n == 0 ? Double.NaN : sum / n);
      if (evaluator != null) {
        Map<String, Double> m = evaluator.metrics();
        checkArgument(
            !m.containsKey(TrainingConfig.EVAL_LOSS),
            "an evaluator must not produce '%s'",
            TrainingConfig.EVAL_LOSS);
        out.putAll(m);
      }
      return out;
    }

    private void saveLast() throws IOException {
      saveState();
      store.save(CheckpointStore.LAST, model, adapter, state);
    }

    private void saveState() {
      state.elapsedSeconds = seconds();
    }

    private void addRow(LogRow row) throws IOException {
      state.history.add(row);
      log.add(row);
    }

    private double seconds() {
      return elapsedBefore + (System.nanoTime() - t0) / 1e9;
    }
  }

  /** Builds an {@link AdapterTrainer}: {@code setX} values are required, {@code optX} optional. */
  public static final class Builder {
    private AdapterModel model;
    private String adapter;
    private Loss loss;
    private Dataset trainData;
    private Dataset evalData;
    private Evaluator evaluator;
    private TrainingConfig config;
    private Path outputDir;
    private CheckpointWriter writer;
    private CheckpointReader reader;
    private Path resumeFrom;
    private long batchesPerEpoch;
    private Consumer<Trainer> afterStep;

    private Builder() {
      ParameterCheckpoints p = new ParameterCheckpoints();
      writer = p;
      reader = p;
    }

    /**
     * Sets the model.
     *
     * @param v the adapter model holding the adapter
     * @return this builder
     */
    public Builder setModel(AdapterModel v) {
      model = v;
      return this;
    }

    /**
     * Sets the adapter to train.
     *
     * @param v an adapter name of the model
     * @return this builder
     */
    public Builder setAdapter(String v) {
      adapter = v;
      return this;
    }

    /**
     * Sets the loss; it must return the batch mean as a scalar.
     *
     * @param v the loss
     * @return this builder
     */
    public Builder setLoss(Loss v) {
      loss = v;
      return this;
    }

    /**
     * Sets the training data.
     *
     * @param v a dataset whose batches hold the model inputs and the labels
     * @return this builder
     */
    public Builder setTrainData(Dataset v) {
      trainData = v;
      return this;
    }

    /**
     * Sets the evaluation data; without it nothing is evaluated, there is no best checkpoint and no
     * early stopping.
     *
     * @param v a dataset like the training data
     * @return this builder
     */
    public Builder optEvalData(Dataset v) {
      evalData = v;
      return this;
    }

    /**
     * Sets an evaluator producing named metrics beside {@code eval_loss}.
     *
     * @param v the evaluator
     * @return this builder
     */
    public Builder optEvaluator(Evaluator v) {
      evaluator = v;
      return this;
    }

    /**
     * Sets the recipe.
     *
     * @param v the configuration
     * @return this builder
     */
    public Builder setConfig(TrainingConfig v) {
      config = v;
      return this;
    }

    /**
     * Sets the directory for checkpoints, logs and plots; it is created when missing.
     *
     * @param v the directory
     * @return this builder
     */
    public Builder setOutputDir(Path v) {
      outputDir = v;
      return this;
    }

    /**
     * Sets how checkpoints are written and read (default {@link ParameterCheckpoints}; {@link
     * AdapterFileCheckpoints} writes shippable adapter directories).
     *
     * @param w the writer
     * @param r the matching reader
     * @return this builder
     */
    public Builder optCheckpoints(CheckpointWriter w, CheckpointReader r) {
      writer = w;
      reader = r;
      return this;
    }

    /**
     * Resumes from a checkpoint directory, usually {@code outputDir/last}.
     *
     * @param v the checkpoint directory
     * @return this builder
     */
    public Builder optResumeFrom(Path v) {
      resumeFrom = v;
      return this;
    }

    /**
     * Gives the number of training batches per epoch, to skip counting them.
     *
     * @param v batches per epoch (&gt; 0)
     * @return this builder
     */
    public Builder optBatchesPerEpoch(long v) {
      checkArgument(v > 0, "batches per epoch must be > 0: %s", v);
      batchesPerEpoch = v;
      return this;
    }

    Builder optAfterStep(Consumer<Trainer> v) {
      afterStep = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the trainer
     * @throws IllegalArgumentException naming the first missing or invalid value
     */
    public AdapterTrainer build() {
      checkArgument(model != null, "setModel is required");
      checkArgument(adapter != null, "setAdapter is required");
      model.adapter(adapter);
      checkArgument(loss != null, "setLoss is required");
      checkArgument(trainData != null, "setTrainData is required");
      checkArgument(config != null, "setConfig is required");
      checkArgument(outputDir != null, "setOutputDir is required");
      checkArgument(writer != null && reader != null, "checkpoint writer and reader are required");
      return new AdapterTrainer(this);
    }
  }
}
