package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.device.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains one adaptation method on one speech task, end to end: loads the backbone, attaches the
 * method's adapter and the task's head, trains with {@link AdapterTrainer} (early stopping and the
 * best checkpoint on the task's metric over the validation split), scores the best checkpoint on
 * the test split and writes the results.
 *
 * <pre>{@code
 * TaskRun run = TaskTrainer.builder()
 *     .setCheckpoint(Path.of("models/mini-hubert"))
 *     .setMethod(LoraSpec.builder().build())
 *     .setTask(SpeechTask.fromTrainingData("kws", TaskType.CLASSIFICATION, data.train()))
 *     .setData(TaskData.fromManifests(Path.of("data/mini/kws")))
 *     .setOutputDir(Path.of("runs/kws-lora"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>The output directory receives {@code adapter/} (adapter_config.json, adapter_model.safetensors
 * and {@code task.json}: everything {@link SpeechSession} needs), {@code metrics.json} (the test
 * metrics, parameter counts and training time, {@link TaskRun#toJson()}) and {@code training/} (the
 * trainer's best and last checkpoints, logs and learning curves).
 */
public final class TaskTrainer {

  /** The adapter directory inside the output directory. */
  public static final String ADAPTER_DIR = "adapter";

  /** The metrics file inside the output directory. */
  public static final String METRICS_FILE = "metrics.json";

  /** The trainer's directory inside the output directory. */
  public static final String TRAINING_DIR = "training";

  private final TaskTrainingRun job;

  private TaskTrainer(Builder b) {
    this.job =
        new TaskTrainingRun(
            b.checkpoint,
            b.method,
            b.task,
            b.data,
            b.outputDir,
            b.config.toBuilder().optMetric(b.task.metric(), b.task.greaterIsBetter()).build(),
            b.config.batchSize(),
            b.resume,
            b.overwrite,
            b.dataDescription,
            b.warnings,
            b.device,
            b.backboneSettings);
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains, scores the best checkpoint on the test split and writes the adapter and {@code
   * metrics.json}.
   *
   * @return the run's results
   * @throws IOException when the checkpoint, audio or outputs cannot be read or written
   * @throws TranslateException when a batch cannot be made
   * @throws IllegalStateException when {@code training/} already holds a run and resuming is off
   */
  public TaskRun run() throws IOException, TranslateException {
    return job.run();
  }

  /**
   * Builds a {@link TaskTrainer}; checkpoint, method, task, data and output directory are required.
   */
  public static final class Builder {
    private Path checkpoint;
    private AdapterSpec method;
    private SpeechTask task;
    private TaskData data;
    private Path outputDir;
    private TrainingConfig config = TrainingConfig.builder().build();
    private boolean resume;
    private boolean overwrite;
    private String dataDescription;
    private Consumer<String> warnings = System.err::println;
    private Device device;
    private Map<String, String> backboneSettings = Map.of();

    private Builder() {}

    /**
     * Sets the backbone: a Hugging Face HuBERT, wav2vec2 or Whisper directory ({@code config.json}
     * and {@code model.safetensors}; {@link Backbones} picks the family).
     *
     * @param v the directory
     * @return this builder
     */
    public Builder setCheckpoint(Path v) {
      this.checkpoint = v;
      return this;
    }

    /**
     * Sets the adaptation method.
     *
     * @param v the spec, for example {@code LoraSpec.builder().build()}
     * @return this builder
     */
    public Builder setMethod(AdapterSpec v) {
      this.method = v;
      return this;
    }

    /**
     * Sets the task; its metric picks the best checkpoint and is the reported score.
     *
     * @param v the task
     * @return this builder
     */
    public Builder setTask(SpeechTask v) {
      this.task = v;
      return this;
    }

    /**
     * Sets the splits.
     *
     * @param v the entries
     * @return this builder
     */
    public Builder setData(TaskData v) {
      this.data = v;
      return this;
    }

    /**
     * Sets where the adapter, {@code metrics.json} and the training checkpoints go.
     *
     * @param v the output directory
     * @return this builder
     */
    public Builder setOutputDir(Path v) {
      this.outputDir = v;
      return this;
    }

    /**
     * Sets the recipe, every hyperparameter of the run in one place (default: {@link
     * TrainingConfig} defaults), batch size included. Its metric is replaced by the task's.
     *
     * @param v the recipe
     * @return this builder
     */
    public Builder optConfig(TrainingConfig v) {
      this.config = v;
      return this;
    }

    /**
     * Resumes from {@code training/last} when it exists (default false: a run refuses an output
     * directory that already holds one).
     *
     * @param v whether to resume
     * @return this builder
     */
    public Builder optResume(boolean v) {
      this.resume = v;
      return this;
    }

    /**
     * Starts afresh: deletes an earlier run's {@code training/} first (default false). The adapter
     * and {@code metrics.json} are replaced at the end of the run either way.
     *
     * @param v whether to overwrite
     * @return this builder
     */
    public Builder optOverwrite(boolean v) {
      this.overwrite = v;
      return this;
    }

    /**
     * Describes the data in the saved adapter's provenance (for example {@code data/mini/kws}).
     *
     * @param v the description
     * @return this builder
     */
    public Builder optDataDescription(String v) {
      this.dataDescription = v;
      return this;
    }

    /**
     * Sets the device the backbone, the adapter, the head and every batch live on (default: the
     * engine's default device, as before).
     *
     * @param v {@code cpu} or a GPU the engine sees ({@link Devices#check(Device)})
     * @return this builder
     * @throws IllegalArgumentException for a GPU the engine does not see, in one line
     */
    public Builder optDevice(Device v) {
      this.device = Devices.check(v);
      return this;
    }

    /**
     * Sets the backbone's run-time settings, recorded in {@code task.json} (default none: the
     * family's defaults). Whisper knows {@code window}: {@code slice} (the default) or {@code pad}.
     *
     * @param v setting name to value
     * @return this builder
     */
    public Builder optBackboneSettings(Map<String, String> v) {
      this.backboneSettings = Map.copyOf(v);
      return this;
    }

    /**
     * Sets where warnings about unreadable audio files go (default standard error).
     *
     * @param v the sink
     * @return this builder
     */
    public Builder optWarnings(Consumer<String> v) {
      this.warnings = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the trainer
     * @throws IllegalArgumentException naming the first missing or invalid value
     */
    public TaskTrainer build() {
      checkArgument(checkpoint != null, "setCheckpoint is required");
      checkArgument(Files.isDirectory(checkpoint), "checkpoint %s is not a directory", checkpoint);
      checkArgument(method != null, "setMethod is required");
      checkArgument(task != null, "setTask is required");
      checkArgument(data != null, "setData is required");
      checkArgument(outputDir != null, "setOutputDir is required");
      checkArgument(config != null, "optConfig must not be null");
      checkArgument(warnings != null, "optWarnings must not be null");
      checkArgument(!(resume && overwrite), "optResume and optOverwrite exclude each other");
      return new TaskTrainer(this);
    }
  }
}
