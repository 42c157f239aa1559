package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.training.tracker.ParameterTracker;
import java.util.List;

/**
 * The training recipe: the one place every hyperparameter of a training run stands. The trainers
 * take what to train (model, data, task, output directory, device) and one {@code TrainingConfig}:
 * {@link AdapterTrainer}, {@link TrainingEngine} ({@link TrainingEngineBuilder#optConfig}), {@code
 * TaskTrainer} and {@code WhisperTrainer} in adapters-speech. Defaults follow the SURE recipe:
 * AdamW, learning rate 5e-4, weight decay 0, 10% linear warm-up then linear decay to zero, gradient
 * accumulation over 4 micro-batches, early stopping with patience 5, best checkpoint kept.
 *
 * @param learningRate the peak AdamW learning rate (default 5e-4)
 * @param weightDecay the decoupled AdamW weight decay (default 0; SURE uses 0.005 for ASR)
 * @param warmupRatio share of the optimizer steps spent in linear warm-up (default 0.1)
 * @param schedule decay after warm-up (default {@link LrSchedule.Kind#LINEAR})
 * @param gradientAccumulationSteps micro-batches per optimizer step (default 4); each micro-batch
 *     loss is scaled by {@code 1/k}
 * @param batchSize examples (utterances) per micro-batch, for trainers that make the batches from a
 *     data set ({@code TaskTrainer}, {@code WhisperTrainer}; default 16); an optimizer step sees
 *     {@code batchSize * gradientAccumulationSteps} examples
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
    int batchSize,
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
    checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
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
   * Creates the AdamW optimizer this configuration describes: its weight decay, betas and epsilon,
   * with a learning-rate schedule.
   *
   * @param schedule the learning rate per update, usually {@link LrSchedule#withWarmupRatio} of
   *     {@link #schedule()}, {@link #learningRate()} and {@link #warmupRatio()}
   * @param firstStep updates already applied (0, or the step of a resumed run)
   * @return a new optimizer
   */
  public AdamW newAdamW(ParameterTracker schedule, long firstStep) {
    return AdamW.builder()
        .optLearningRateTracker(schedule)
        .optWeightDecays((float) weightDecay)
        .optBeta1(adamBeta1)
        .optBeta2(adamBeta2)
        .optEpsilon(adamEpsilon)
        .optBeginNumUpdate(Math.toIntExact(firstStep))
        .build();
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a new builder
   */
  public static TrainingConfigBuilder builder() {
    return new TrainingConfigBuilder();
  }

  /**
   * Returns a builder holding this configuration's values.
   *
   * @return a new builder
   */
  public TrainingConfigBuilder toBuilder() {
    TrainingConfigBuilder b = new TrainingConfigBuilder();
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.warmupRatio = warmupRatio;
    b.schedule = schedule;
    b.gradientAccumulationSteps = gradientAccumulationSteps;
    b.batchSize = batchSize;
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
}
