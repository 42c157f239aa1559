package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.device.Devices;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds a {@link WhisperTrainer} (through {@link WhisperTrainer#builder()}): model directory,
 * method, data and output directory are required.
 */
public final class WhisperTrainerBuilder {

  /** The utterances per micro-batch of the default Whisper recipe. */
  public static final int DEFAULT_BATCH_SIZE = 8;

  Path modelDir;
  AdapterSpec method;
  WhisperWhere where = WhisperWhere.BOTH;
  TaskData data;
  Path outputDir;
  TrainingConfig config = TrainingConfig.builder().optBatchSize(DEFAULT_BATCH_SIZE).build();
  double labelSmoothing;
  int maxNewTokens = WhisperTranscriber.MAX_NEW_TOKENS;
  boolean resume;
  boolean overwrite;
  String dataDescription;
  Path modelOut;
  WhisperAsrScores scoresBefore;
  Consumer<String> warnings = System.err::println;
  Device device;

  WhisperTrainerBuilder() {}

  /**
   * Sets the Hugging Face Whisper directory (weights, {@code generation_config.json}, tokenizer).
   *
   * @param v the directory
   * @return this builder
   */
  public WhisperTrainerBuilder setModelDir(Path v) {
    modelDir = v;
    return this;
  }

  /**
   * Sets the method, for example {@code LoraSpec.builder().build()} or {@code
   * FullFineTuneSpec.all()}.
   *
   * @param v the spec
   * @return this builder
   */
  public WhisperTrainerBuilder setMethod(AdapterSpec v) {
    method = v;
    return this;
  }

  /**
   * Sets the stacks the method goes into (default both).
   *
   * @param v encoder, decoder or both
   * @return this builder
   */
  public WhisperTrainerBuilder optWhere(WhisperWhere v) {
    where = v;
    return this;
  }

  /**
   * Sets the splits; entries need a {@code transcript} column. Without validation entries no
   * checkpoint is chosen by validation loss: the last one is scored.
   *
   * @param v the splits
   * @return this builder
   */
  public WhisperTrainerBuilder setData(TaskData v) {
    data = v;
    return this;
  }

  /**
   * Sets where the adapter, {@code metrics.json} and the training checkpoints go.
   *
   * @param v the directory
   * @return this builder
   */
  public WhisperTrainerBuilder setOutputDir(Path v) {
    outputDir = v;
    return this;
  }

  /**
   * Sets the recipe, every hyperparameter of the run in one place, batch size included (default
   * {@link TrainingConfig} defaults with a batch size of {@value #DEFAULT_BATCH_SIZE}; its metric
   * should be {@code eval_loss}, the only one computed on the validation split).
   *
   * @param v the recipe
   * @return this builder
   */
  public WhisperTrainerBuilder optConfig(TrainingConfig v) {
    config = v;
    return this;
  }

  /**
   * Sets the label smoothing of the loss (default 0).
   *
   * @param v {@code eps} in {@code [0, 1)}
   * @return this builder
   */
  public WhisperTrainerBuilder optLabelSmoothing(double v) {
    labelSmoothing = v;
    return this;
  }

  /**
   * Sets the tokens generated at most per utterance when scoring (default 448).
   *
   * @param v positive
   * @return this builder
   */
  public WhisperTrainerBuilder optMaxNewTokens(int v) {
    maxNewTokens = v;
    return this;
  }

  /**
   * Resumes from {@code training/last} when it exists (default false: a run refuses an output
   * directory that already holds one).
   *
   * @param v whether to resume
   * @return this builder
   */
  public WhisperTrainerBuilder optResume(boolean v) {
    resume = v;
    return this;
  }

  /**
   * Also writes the whole model after training, as a Hugging Face directory ({@link
   * WhisperModelFiles#save}): the base weights as training left them, which is what full
   * fine-tuning and pre-training from scratch ({@code ./sure4j whisper-pretrain}) produce; an
   * adapter is not merged into it.
   *
   * @param v the directory to write (replaced atomically), or null for none (the default)
   * @return this builder
   */
  public WhisperTrainerBuilder optModelOut(Path v) {
    modelOut = v;
    return this;
  }

  /**
   * Takes the unadapted model's test scores from the caller instead of decoding the test split
   * before training (a comparison of several methods on one model scores it once).
   *
   * @param v the scores of this builder's model on this builder's test split, or null to compute
   *     them (the default)
   * @return this builder
   */
  public WhisperTrainerBuilder optScoresBefore(WhisperAsrScores v) {
    scoresBefore = v;
    return this;
  }

  /**
   * Deletes an earlier run's {@code training/} first (default false).
   *
   * @param v whether to overwrite
   * @return this builder
   */
  public WhisperTrainerBuilder optOverwrite(boolean v) {
    overwrite = v;
    return this;
  }

  /**
   * Describes the data in the adapter's provenance.
   *
   * @param v the description
   * @return this builder
   */
  public WhisperTrainerBuilder optDataDescription(String v) {
    dataDescription = v;
    return this;
  }

  /**
   * Sets where warnings about unreadable audio go (default standard error).
   *
   * @param v the sink
   * @return this builder
   */
  public WhisperTrainerBuilder optWarnings(Consumer<String> v) {
    warnings = v;
    return this;
  }

  /**
   * Sets the device (default the engine's).
   *
   * @param v {@code cpu} or a GPU the engine sees
   * @return this builder
   * @throws IllegalArgumentException for a GPU the engine does not see
   */
  public WhisperTrainerBuilder optDevice(Device v) {
    device = Devices.check(v);
    return this;
  }

  /**
   * Validates and builds.
   *
   * @return the trainer
   * @throws IllegalArgumentException naming the first missing or invalid value
   */
  public WhisperTrainer build() {
    checkArgument(modelDir != null, "setModelDir is required");
    checkArgument(
        WhisperConfig.describes(modelDir), "%s is not a Whisper model directory", modelDir);
    checkArgument(method != null, "setMethod is required");
    checkArgument(where != null, "optWhere must not be null");
    checkArgument(data != null, "setData is required");
    checkArgument(!data.train().isEmpty(), "the training split is empty");
    checkArgument(outputDir != null, "setOutputDir is required");
    checkArgument(config != null, "optConfig must not be null");
    checkArgument(maxNewTokens > 0, "max new tokens must be > 0: %s", maxNewTokens);
    checkArgument(
        labelSmoothing >= 0 && labelSmoothing < 1,
        "label smoothing must be in [0, 1): %s",
        labelSmoothing);
    checkArgument(warnings != null, "optWarnings must not be null");
    checkArgument(!(resume && overwrite), "optResume and optOverwrite exclude each other");
    where.restrict(method);
    return new WhisperTrainer(this);
  }
}
