package dev.sure4j.cli.tasks;

import ai.djl.Device;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DataOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.cli.tts.TtsTaskOptions;
import dev.sure4j.speech.corpora.TaskNames;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.tasks.Backbones;
import dev.sure4j.speech.tasks.CtcTask;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskRun;
import dev.sure4j.speech.tasks.TaskTrainer;
import dev.sure4j.speech.tasks.TaskType;
import dev.sure4j.speech.whisper.WhisperConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j train}: trains one method on one task and writes the adapter directory ({@code
 * --out}/adapter, with {@code task.json}), {@code --out}/metrics.json with the test-split metrics
 * of the best checkpoint, and {@code --out}/training (checkpoints, logs, learning curves). With
 * {@code --task tts} it adapts a FastSpeech model instead ({@link TtsTaskOptions}); with a Whisper
 * directory as {@code --model} it fine-tunes Whisper for speech recognition ({@link WhisperTrain}).
 */
@Command(
    name = "train",
    description =
        "Train one adapter method on one task; writes the adapter and metrics.json into the"
            + " --out directory. --data is a directory of train/val/test manifests, a corpus root"
            + " with --task, or name:path for a corpus in its standard layout (esd, speechcommands,"
            + " fsc, librispeech, fleurs, vctk).")
public final class TrainCommand implements Callable<Integer> {

  @Mixin BackboneOption backbone;

  @Mixin DeviceOption device;

  @Mixin LayerWeightsOption layerWeights;

  @Mixin LexiconOptions lexicon;
  @Mixin TtsTaskOptions tts;
  @Mixin TrainingRunOptions settings;

  @Mixin DataOption input;

  @Option(
      names = "--task",
      description =
          "Task name: the manifest directory under a corpus root, or ser, sid, ks, ic, asr, pr for"
              + " a name:path corpus (default: the data directory's name); pr (phoneme recognition)"
              + " and sf (slot filling) turn transcripts into phones or slot tags; tts adapts a TTS"
              + " model to a new voice (--data ljspeech:DIR or manifest:FILE, --base).")
  String task;

  @Option(
      names = "--type",
      description = "classification, intent or ctc (default: from the corpus or the columns).")
  String type;

  @Option(
      names = "--method",
      defaultValue = "lora",
      description =
          "A method's name, alias or table label, e.g. lora, conv, convadapter, finetune,"
              + " bottleneck-identity; ./sure4j methods lists them (default: ${DEFAULT-VALUE}).")
  String method;

  @Mixin OutputOption output;

  @Option(
      names = "--metric",
      description =
          "Metric for the best checkpoint (default: accuracy; CTC: wer, per for pr, slot_type_f1"
              + " for sf).")
  String metric;

  @Option(
      names = "--vocab",
      description =
          "CTC only: a Hugging Face vocab.json to use instead of the characters of the training"
              + " transcripts.")
  Path vocab;

  @Option(
      names = "--whisper-window",
      description =
          "A Whisper --model only: slice (the encoder runs on the positions the batch needs, the"
              + " default) or pad (every clip padded to 30 s, as Whisper was trained; 1500"
              + " positions a clip). Recorded in task.json.")
  String whisperWindow;

  @Option(
      names = "--resume",
      description = "Continue the run in --out/training from its last checkpoint.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    Device onDevice = device.device(); // an unknown or absent device ends the command here
    String data = input.value();
    Path out = output.path();
    if (TaskNames.isTts(task)) {
      tts.adapt(
          data,
          method,
          out,
          settings.recipe().maxSteps,
          settings.recipe().learningRate,
          settings.batchSize(),
          settings.seed(),
          onDevice);
      return 0;
    }
    if (WhisperConfig.describes(backbone.path()) && WhisperTrain.transcribes(task, type, data)) {
      return WhisperTrain.run(
          backbone.path(),
          data,
          task != null ? task : "asr",
          method,
          out,
          settings,
          resume,
          onDevice,
          UnaryOperator.identity());
    }
    String taskName = task != null ? task : Path.of(data).getFileName().toString();
    TaskData taskData = TaskSources.read(data, taskName);
    TaskType form =
        TaskSources.typeOf(taskData, type == null ? null : TaskType.parse(type), data, taskName);
    Vocabulary.Kind kind = TaskTargets.kind(taskName);
    if (form == TaskType.CTC) {
      taskData =
          TaskTargets.of(kind, TaskSources.manifestDirectory(data, taskName), lexicon, System.out)
              .apply(taskData);
    }
    SpeechTask speechTask =
        vocab != null
            ? SpeechTask.ctc(taskName, Vocabulary.load(vocab, kind))
            : form == TaskType.CTC
                ? CtcTask.fromTrainingData(taskName, taskData.train(), kind)
                : SpeechTask.fromTrainingData(taskName, form, taskData.train());
    if (vocab != null && form != TaskType.CTC) {
      throw new IllegalArgumentException(
          "--vocab is for CTC tasks; task '" + taskName + "' is " + form.id());
    }
    if (metric != null) {
      speechTask = speechTask.withMetric(metric);
    }
    if (layerWeights.enabled()) {
      speechTask = speechTask.withLayerWeightedSum(true);
    }
    MethodVariant m = AdapterMethods.variant(Preset.SURE, method);
    TrainingConfig config =
        settings.recipe().config(m.learningRate(), settings.seed(), settings.batchSize());
    System.out.printf(
        Locale.ROOT,
        "train: %s with %s on %s (%d train / %d val / %d test utterances%s)%n",
        speechTask,
        m.label(),
        backbone.path(),
        taskData.train().size(),
        taskData.val().size(),
        taskData.test().size(),
        taskData.missing() > 0 ? ", " + taskData.missing() + " listed files missing" : "");
    TaskRun run =
        TaskTrainer.builder()
            .setCheckpoint(backbone.path())
            .setMethod(Backbones.kind(backbone.path()).presetSpec(m.spec()))
            .setTask(speechTask)
            .setData(taskData)
            .setOutputDir(out)
            .optConfig(config)
            .optResume(resume)
            .optDevice(onDevice)
            .optDataDescription(data + " " + taskName)
            .optBackboneSettings(whisperWindow == null ? Map.of() : Map.of("window", whisperWindow))
            .build()
            .run();
    Map<String, Double> sorted = new TreeMap<>(run.testMetrics());
    System.out.printf(
        Locale.ROOT,
        "test %s %.4f (all: %s); %,d trainable of %,d parameters (%.2f%%); %.1f s, %d steps%s%n",
        run.metric(),
        run.score(),
        sorted,
        run.trainableParams(),
        run.totalParams(),
        run.trainablePercent(),
        run.trainSeconds(),
        run.steps(),
        run.stoppedEarly() ? ", stopped early" : "");
    System.out.printf(
        "adapter: %s%nmetrics: %s%n", run.adapterDir(), out.resolve(TaskTrainer.METRICS_FILE));
    return 0;
  }
}
