package dev.sure4j.cli.tasks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.SeedOption;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.cli.results.ResultsTable;
import dev.sure4j.cli.tts.TtsQuickstart;
import dev.sure4j.speech.corpora.TaskNames;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.tasks.CtcTask;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskRun;
import dev.sure4j.speech.tasks.TaskTrainer;
import dev.sure4j.speech.tasks.TaskType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j quickstart}: the SURE comparison on the bundled mini corpus and backbone. Trains
 * the linear probe, full fine-tuning, bottleneck, prefix tuning, LoRA and ConvAdapter on each task,
 * scores each best checkpoint on the test split, prints a method x task table and writes the rows
 * to {@code runs/quickstart/results.csv} ({@code
 * task,method,metric,score,trainable_params,trainable_pct,train_seconds,seed,learning_rate,
 * val_score}). Every run also leaves its adapter directory and {@code metrics.json} under {@code
 * runs/quickstart/<task>/<method>/} ({@code .../<method>/seed-<seed>/} with {@code --seeds} above
 * 1). With {@code --resume}, the rows already in {@code results.csv} whose task, method, seed and
 * learning rate match a planned run are reused instead of trained again, so a long comparison (many
 * seeds) can be run in parts: concatenate the parts' rows into one {@code results.csv} and resume.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description =
        "Train every method on every bundled task and print the SURE-style comparison table.")
public final class QuickstartCommand implements Callable<Integer> {

  /** The bundled mini-corpus tasks, in table order. */
  public static final List<String> MINI_TASKS =
      List.of("kws", "speaker", "emotion", "intent", "ctc");

  @Mixin BackboneOption backbone;

  @Mixin DeviceOption device;

  private Device onDevice;

  @Mixin LayerWeightsOption layerWeights;

  @Mixin SeedOption seed;

  @Mixin LexiconOptions lexicon;
  @Mixin TtsQuickstart tts;
  @Mixin WhisperQuickstart whisper;

  @Option(
      names = "--data",
      defaultValue = "data/mini",
      description =
          "Corpus root holding <task>/{train,val,test}.csv, one task's manifest directory, or a"
              + " corpus in its standard layout as name:path, e.g. esd:/data/ESD with --task ser"
              + " (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--task",
      split = ",",
      description =
          "Tasks to run (default: kws,speaker,emotion,intent,ctc); the bundled pr (phoneme"
              + " recognition) and sf (slot filling) run only when named; tts adapts the bundled"
              + " TTS model with every TTS method (not in the default: about 10 minutes more);"
              + " whisper adapts the bundled mini Whisper to the ASR task (WER and CER before and"
              + " after).")
  List<String> tasks = new ArrayList<>(MINI_TASKS);

  @Option(
      names = "--method",
      split = ",",
      description =
          "Methods to run, by name or alias, e.g. lora, conv, convadapter, finetune (default: every"
              + " method's SURE variants; ./sure4j methods lists them).")
  List<String> methods =
      AdapterMethods.variants(Preset.SURE).stream().map(MethodVariant::cliName).toList();

  @Mixin QuickstartBudget budget;

  @Option(
      names = "--out",
      defaultValue = "runs/quickstart",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description =
          "Runs per method and task, with seeds --seed, --seed + 1, ...; the table shows the mean"
              + " and standard deviation (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--resume",
      description =
          "Reuse the runs already in <out>/results.csv (same task, method, seed and learning rate)"
              + " instead of training them again, so a long run can be done in parts.")
  boolean resume;

  @Option(
      names = "--ctc-metric",
      defaultValue = "cer",
      description =
          "Metric of character CTC tasks: wer or cer (default: ${DEFAULT-VALUE}); pr and sf"
              + " follow per and slot_type_f1.")
  String ctcMetric;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    onDevice = device.device(); // an unknown or absent device ends the command before any output
    PrintStream console = System.out;
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1: " + seeds);
    }
    List<MethodVariant> chosen =
        methods.stream().map(n -> AdapterMethods.variant(Preset.SURE, n)).toList();
    List<MethodResult> rows = new ArrayList<>();
    Path csv = out.resolve("results.csv");
    List<MethodResult> earlier =
        resume && Files.exists(csv) ? ResultsTable.readCsv(csv) : List.of();
    long t0 = System.nanoTime();
    console.printf(
        Locale.ROOT,
        "quickstart: %d tasks x %d methods x %d seeds on %s (%s %s)%n",
        tasks.size(),
        chosen.size(),
        seeds,
        backbone.path(),
        Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion());
    for (String taskName : tasks) {
      if (TaskNames.isTts(taskName)) {
        rows.addAll(tts.run(console, seed.value(), onDevice, out.resolve(TtsQuickstart.TASK)));
        ResultsTable.writeCsv(rows, csv);
        continue;
      }
      if (WhisperQuickstart.isTask(taskName)) {
        rows.addAll(
            whisper.run(
                console,
                chosen,
                seed.value(),
                seeds,
                budget.batchSize(),
                onDevice,
                out.resolve(WhisperQuickstart.TASK)));
        ResultsTable.writeCsv(rows, csv);
        continue;
      }
      TaskData taskData = TaskSources.read(data, taskName);
      TaskType form = TaskSources.typeOf(taskData, null, data, taskName);
      SpeechTask task;
      if (form == TaskType.CTC) {
        Vocabulary.Kind kind = TaskTargets.kind(taskName);
        Path dir = TaskSources.manifestDirectory(data, taskName);
        taskData = TaskTargets.of(kind, dir, lexicon, console).apply(taskData);
        task = CtcTask.fromTrainingData(taskName, taskData.train(), kind);
        // phonemes and slots keep their own metric (per, slot_type_f1)
        task = kind == Vocabulary.Kind.CHARACTERS ? task.withMetric(ctcMetric) : task;
      } else {
        task =
            SpeechTask.fromTrainingData(taskName, form, taskData.train())
                .withLayerWeightedSum(layerWeights.enabled());
      }
      console.printf(
          Locale.ROOT,
          "%n== %s: %d train / %d val / %d test utterances%n",
          task,
          taskData.train().size(),
          taskData.val().size(),
          taskData.test().size());
      for (MethodVariant method : chosen) {
        for (int k = 0; k < seeds; k++) {
          long runSeed = seed.value() + k;
          Path runDir = out.resolve(taskName).resolve(method.cliName());
          if (seeds > 1) {
            runDir = runDir.resolve("seed-" + runSeed);
          }
          double lr = budget.learningRate(method.learningRate());
          Optional<MethodResult> done =
              ResultsTable.scoredRun(earlier, taskName, method.label(), runSeed, lr);
          if (done.isPresent()) {
            console.printf(
                Locale.ROOT,
                "%-8s %-22s reused from %s (seed %d)%n",
                taskName,
                method.label(),
                csv,
                runSeed);
          }
          rows.add(
              done.isPresent()
                  ? done.get()
                  : runOne(console, task, taskData, method, runSeed, lr, runDir));
          ResultsTable.writeCsv(rows, csv);
        }
      }
    }
    console.println();
    ResultsTable.printByTask(rows, console);
    console.printf(
        Locale.ROOT,
        "%nwrote %s; adapters and metrics.json under %s/<task>/<method>/ (%.0f s in total)%n",
        csv,
        out,
        (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  /** Trains one method on one task with one seed and returns its row (NaN score if it failed). */
  private MethodResult runOne(
      PrintStream console,
      SpeechTask task,
      TaskData taskData,
      MethodVariant method,
      long runSeed,
      double lr,
      Path runDir)
      throws IOException, TranslateException {
    String taskName = task.name();
    TrainingConfig config = budget.config(task.type(), taskData.train().size(), lr, runSeed);
    TaskRun run;
    try {
      run =
          TaskTrainer.builder()
              .setCheckpoint(backbone.path())
              .setMethod(method.spec())
              .setTask(task)
              .setData(taskData)
              .setOutputDir(runDir)
              .optConfig(config)
              .optOverwrite(true)
              .optDevice(onDevice)
              .optDataDescription(data + " " + taskName)
              .build()
              .run();
    } catch (IllegalStateException diverged) {
      // a non-finite loss ends this run only; the table shows it as failed
      console.printf(
          Locale.ROOT, "%-8s %-22s FAILED: %s%n", taskName, method.label(), diverged.getMessage());
      return MethodResult.failed(taskName, method.label(), task.metric(), runSeed, lr);
    }
    console.printf(
        Locale.ROOT,
        "%-8s %-22s %s %.3f (val %.3f, seed %d)  (%,d trainable, %.1f s%s)%n",
        taskName,
        method.label(),
        run.metric(),
        run.score(),
        run.validationMetric(),
        runSeed,
        run.trainableParams(),
        run.trainSeconds(),
        run.skippedSteps() > 0 ? ", " + run.skippedSteps() + " non-finite updates skipped" : "");
    return new MethodResult(
        taskName,
        method.label(),
        run.metric(),
        run.score(),
        run.trainableParams(),
        run.totalParams(),
        run.trainSeconds(),
        runSeed,
        lr,
        run.validationMetric());
  }
}
