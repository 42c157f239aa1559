package dev.sure4j.cli.tasks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.SeedOption;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.cli.results.ResultsTable;
import dev.sure4j.cli.tts.TtsQuickstart;
import dev.sure4j.speech.corpora.TaskNames;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
 *
 * <p>On a CPU the cells train {@code --jobs} at a time (default: one per core), each in a worker
 * process with one libtorch thread ({@link CellWorkers}); a cell's result does not depend on which
 * worker trains it or when. Text to speech and Whisper run after the SURE cells, in this process.
 */
@Command(
    name = "quickstart",
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

  @Option(
      names = "--jobs",
      description =
          "Cells trained at once, each in a worker process with one libtorch thread (default on a"
              + " CPU: one per core, at most 8 and at most what memory holds at 8 times the"
              + " checkpoint plus 512 MB a worker; 1 on a GPU); 1 trains the cells one after"
              + " another in this process with libtorch's default threads.")
  Integer jobs;

  @Option(names = "--worker", hidden = true)
  boolean worker;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    onDevice = device.device(); // an unknown or absent device ends the command before any output
    PrintStream console = System.out;
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1: " + seeds);
    }
    if (jobs != null && jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1: " + jobs);
    }
    List<MethodVariant> chosen =
        methods.stream().map(n -> AdapterMethods.variant(Preset.SURE, n)).toList();
    List<String> sureTasks =
        tasks.stream().filter(t -> !TaskNames.isTts(t) && !WhisperQuickstart.isTask(t)).toList();
    QuickstartCells cells =
        new QuickstartCells(
            backbone.path(),
            onDevice,
            data,
            budget,
            lexicon,
            layerWeights.enabled(),
            ctcMetric,
            out);
    if (worker) {
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      List<QuickstartCell> plan = cells.plan(sureTasks, chosen, seed.value(), seeds, quiet);
      CellWorkers.serve(System.in, console, i -> cells.run(plan.get(i), console));
      return 0;
    }
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
    List<QuickstartCell> plan = cells.plan(sureTasks, chosen, seed.value(), seeds, console);
    MethodResult[] done = new MethodResult[plan.size()];
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      QuickstartCell c = plan.get(i);
      String label = c.method().label();
      Optional<MethodResult> earlierRow =
          ResultsTable.scoredRun(earlier, c.task().name(), label, c.seed(), c.learningRate());
      if (earlierRow.isPresent()) {
        done[i] = earlierRow.get();
        console.printf(
            Locale.ROOT,
            "%-8s %-22s reused from %s (seed %d)%n",
            c.task().name(),
            label,
            csv,
            c.seed());
      } else {
        todo.add(i);
      }
    }
    List<MethodResult> rows = new ArrayList<>();
    CellWorkers.Finished finished =
        (i, row) -> {
          done[i] = row;
          ResultsTable.writeCsv(Arrays.stream(done).filter(Objects::nonNull).toList(), csv);
        };
    int workers = todo.size() < 2 ? 1 : Math.min(jobs == null ? defaultJobs() : jobs, todo.size());
    if (workers > 1) {
      // the whole command line, from the root command's options on
      List<String> args = spec.root().commandLine().getParseResult().originalArgs();
      console.printf(
          Locale.ROOT,
          "training %d cells in %d worker processes, one libtorch thread each%n",
          todo.size(),
          workers);
      String main = spec.root().userObject().getClass().getName();
      CellWorkers.run(plan, todo, workers, main, args, console, finished);
    } else {
      for (int i : todo) {
        finished.accept(i, cells.run(plan.get(i), console));
      }
    }
    rows.addAll(Arrays.asList(done));
    for (String taskName : tasks) {
      if (TaskNames.isTts(taskName)) {
        rows.addAll(tts.run(console, seed.value(), onDevice, out.resolve(TtsQuickstart.TASK)));
        ResultsTable.writeCsv(rows, csv);
      } else if (WhisperQuickstart.isTask(taskName)) {
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

  /**
   * One worker per core on a CPU, at most 8 and at most as many as memory holds (a worker takes
   * about 8 times the checkpoint's files plus 512 MB: weights, gradients, optimizer state,
   * activations and the JVM); one on a GPU, which the cells would share.
   */
  private int defaultJobs() throws IOException {
    if (onDevice.isGpu()) {
      return 1;
    }
    long checkpointBytes;
    try (Stream<Path> files =
        Files.isDirectory(backbone.path()) ? Files.walk(backbone.path()) : Stream.empty()) {
      checkpointBytes = files.filter(Files::isRegularFile).mapToLong(QuickstartCommand::size).sum();
    }
    long perWorker = 8 * checkpointBytes + (512L << 20);
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    int cores = Runtime.getRuntime().availableProcessors();
    return (int) Math.max(1, Math.min(Math.min(8, cores), memory / perWorker));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
