package dev.sure4j.speech.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.ParameterReport;
import dev.sure4j.adapters.train.AdapterFileCheckpoints;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.adapters.train.AdapterTrainerBuilder;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.adapters.train.TrainingResult;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.backbone.BackboneSettings;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.data.AudioDataset;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.device.Devices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  private final Path checkpoint;
  private final AdapterSpec method;
  private final SpeechTask task;
  private final TaskData data;
  private final Path outputDir;
  private final TrainingConfig config;
  private final int batchSize;
  private final boolean resume;
  private final boolean overwrite;
  private final String dataDescription;
  private final Consumer<String> warnings;
  private final Device device;
  private final Map<String, String> backboneSettings;

  private TaskTrainer(Builder b) {
    this.checkpoint = b.checkpoint;
    this.method = b.method;
    this.task = b.task;
    this.data = b.data;
    this.outputDir = b.outputDir;
    this.config = b.config.toBuilder().optMetric(b.task.metric(), b.task.greaterIsBetter()).build();
    this.batchSize = b.batchSize;
    this.resume = b.resume;
    this.overwrite = b.overwrite;
    this.dataDescription = b.dataDescription;
    this.warnings = b.warnings;
    this.device = b.device;
    this.backboneSettings = b.backboneSettings;
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
    Path trainingDir = outputDir.resolve(TRAINING_DIR);
    if (overwrite) {
      AtomicFiles.deleteTree(trainingDir);
    }
    Path last = trainingDir.resolve("last");
    // killed between the renames that replace last, the checkpoint is the copy kept aside
    boolean resuming = resume && AdapterTrainer.findCheckpoint(last).isPresent();
    if (!resume && Files.exists(trainingDir)) {
      throw new IllegalStateException(
          trainingDir
              + " already holds a training run: resume it (./sure4j train --resume, or"
              + " TaskTrainer.Builder.optResume) or choose another output directory");
    }
    Engine.getInstance().setRandomSeed((int) (config.seed() & 0x7fffffff));
    try (NDManager manager = NDManager.newBaseManager(device)) {
      SpeechBackbone encoder = Backbones.load(checkpoint, backboneSettings, manager);
      AudioPipeline audio = Backbones.audio(checkpoint);
      AudioDataset train = dataset(data.train(), audio, true);
      AudioDataset val = dataset(data.val(), audio, false);
      AudioDataset test = dataset(data.test(), audio, false);

      Block head = task.newHead(encoder, manager);
      AdapterModel model = AdapterModel.wrap(encoder);
      String name = task.name();
      model.addAdapter(name, method, head).setActiveAdapters(name);
      ParameterReport report = model.trainableParameters();

      Provenance.Builder provenance =
          Provenance.builder().setBaseModel(checkpoint.toString()).optSeed(config.seed());
      if (dataDescription != null) {
        provenance.optData(dataDescription);
      }
      AdapterFileCheckpoints files = new AdapterFileCheckpoints(provenance.build());
      AdapterTrainerBuilder trainer =
          AdapterTrainer.builder()
              .setModel(model)
              .setAdapter(name)
              .setLoss(task.loss())
              .setTrainData(train)
              .optEvalData(val)
              .optEvaluator(task.newEvaluator())
              .optCheckpoints(files, files)
              .setConfig(config)
              .setOutputDir(trainingDir)
              .optDevice(device);
      if (resuming) {
        trainer.optResumeFrom(last);
      }
      TrainingResult result = trainer.build().fit();

      files.read(model, name, result.bestCheckpoint().orElse(result.lastCheckpoint()));
      Map<String, Double> testMetrics =
          TaskEvaluation.evaluate(model, test, task.newEvaluator(), manager);
      Path adapterDir = outputDir.resolve(ADAPTER_DIR);
      saveAdapter(model, encoder.settings(), name, adapterDir, files, provenance.build());
      TaskRun run =
          new TaskRun(
              task.name(),
              method.method(),
              task.metric(),
              testMetrics.getOrDefault(task.metric(), Double.NaN),
              testMetrics,
              result.bestMetric(),
              report.trainable(),
              report.all(),
              result.elapsedSeconds(),
              result.steps(),
              result.stoppedEarly(),
              result.skippedSteps(),
              adapterDir);
      TaskFiles.writeJson(outputDir.resolve(METRICS_FILE), run.toJson());
      long skipped = train.skipped() + val.skipped() + test.skipped();
      if (skipped > 0) {
        warnings.accept(
            String.format("%d unreadable audio files were skipped (listed above)", skipped));
      }
      return run;
    }
  }

  /** Writes the adapter and task.json beside each other, replacing an older adapter at the end. */
  private void saveAdapter(
      AdapterModel model,
      BackboneSettings backbone,
      String name,
      Path adapterDir,
      AdapterFileCheckpoints files,
      Provenance provenance)
      throws IOException {
    AtomicFiles.writeDirectory(
        adapterDir,
        fresh -> {
          AdapterFiles.save(model, name, fresh, provenance);
          TaskFiles.save(task, backbone, fresh);
        });
  }

  private AudioDataset dataset(List<ManifestEntry> entries, AudioPipeline audio, boolean shuffle) {
    return AudioDataset.builder()
        .setEntries(entries)
        .setPipeline(audio)
        .setLabels(task.batchLabels())
        .optBatchSize(batchSize)
        .optShuffle(shuffle)
        .optCache(true)
        .optWarnings(warnings)
        .build();
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
    private int batchSize = 16;
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
     * Sets the recipe (default: {@link TrainingConfig} defaults). Its metric is replaced by the
     * task's.
     *
     * @param v the recipe
     * @return this builder
     */
    public Builder optConfig(TrainingConfig v) {
      this.config = v;
      return this;
    }

    /**
     * Sets the utterances per micro-batch (default 16).
     *
     * @param v the batch size, positive
     * @return this builder
     */
    public Builder optBatchSize(int v) {
      this.batchSize = v;
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
      checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
      checkArgument(warnings != null, "optWarnings must not be null");
      checkArgument(!(resume && overwrite), "optResume and optOverwrite exclude each other");
      return new TaskTrainer(this);
    }
  }
}
