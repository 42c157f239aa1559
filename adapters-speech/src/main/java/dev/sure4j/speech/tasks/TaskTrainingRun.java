package dev.sure4j.speech.tasks;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One validated {@link TaskTrainer} run's settings and the run itself: prepares {@code training/},
 * trains, scores the best checkpoint on the test split and writes the adapter and {@code
 * metrics.json}. The recipe's metric is already the task's; a null device is the engine's default.
 */
record TaskTrainingRun(
    Path checkpoint,
    AdapterSpec method,
    SpeechTask task,
    TaskData data,
    Path outputDir,
    TrainingConfig config,
    int batchSize,
    boolean resume,
    boolean overwrite,
    String dataDescription,
    Consumer<String> warnings,
    Device device,
    Map<String, String> backboneSettings) {

  /** Runs; see {@link TaskTrainer#run()}. */
  TaskRun run() throws IOException, TranslateException {
    Path trainingDir = outputDir.resolve(TaskTrainer.TRAINING_DIR);
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
      Path adapterDir = outputDir.resolve(TaskTrainer.ADAPTER_DIR);
      saveAdapter(model, encoder.settings(), name, adapterDir, provenance.build());
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
      TaskFiles.writeJson(outputDir.resolve(TaskTrainer.METRICS_FILE), run.toJson());
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
}
