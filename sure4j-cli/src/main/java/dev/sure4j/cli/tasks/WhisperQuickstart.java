package dev.sure4j.cli.tasks;

import ai.djl.Device;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.whisper.train.WhisperAsrScores;
import dev.sure4j.speech.whisper.train.WhisperRun;
import dev.sure4j.speech.whisper.train.WhisperTrainer;
import dev.sure4j.speech.whisper.train.WhisperWhere;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code whisper} task of {@code ./sure4j quickstart}: adapts the bundled mini Whisper ({@code
 * models/mini-whisper}, pre-trained by {@code ./sure4j whisper-pretrain} without the ASR task's
 * recordings) to the bundled ASR task ({@code data/mini/ctc}) with every method that adds a block
 * or trains the base (the linear probe has nothing to train in a sequence-to-sequence model), and
 * scores the unadapted model and each adapted one on the test split (held-out voices). The
 * ConvAdapter, which mixes positions over time, goes on the encoder only; every other method on
 * both stacks. Each method gives two rows, {@code whisper} (WER) and {@code whisper-cer} (CER); the
 * unadapted model is the row {@value #UNADAPTED}.
 */
public final class WhisperQuickstart {

  /** The task name that selects this task. */
  public static final String TASK = "whisper";

  /** The row of the model before adaptation. */
  public static final String UNADAPTED = "unadapted";

  @Option(
      names = "--whisper-model",
      defaultValue = "models/mini-whisper",
      description = "whisper: the model to adapt (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(
      names = "--whisper-data",
      defaultValue = "data/mini/ctc",
      description = "whisper: manifests path,transcript to adapt on (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--whisper-steps",
      defaultValue = "12",
      description = "whisper: optimizer steps per method (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--whisper-lr-scale",
      defaultValue = "1",
      description =
          "whisper: multiplies every method's SURE learning rate (default: ${DEFAULT-VALUE}).")
  double lrScale;

  @Option(
      names = "--whisper-max-new-tokens",
      defaultValue = "48",
      description = "whisper: tokens decoded at most per test clip (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  /**
   * Tells whether a method has something to train in a Whisper model.
   *
   * @param method the method
   * @return true when it adds blocks at injection points or trains the base weights
   */
  static boolean trainsWhisper(AdapterMethod<?> method) {
    return method.site().isPresent() || method.ownsBaseTensors();
  }

  /**
   * Adapts the model with each method and seed and returns the rows: per seed, the unadapted
   * model's WER and CER, then each method's.
   *
   * @param console where progress goes
   * @param methods the methods to run (those with nothing to train are skipped, saying so)
   * @param firstSeed the first seed
   * @param seeds runs per method, with seeds {@code firstSeed, firstSeed + 1, ...}
   * @param batchSize utterances per batch
   * @param device the device
   * @param out the task's output directory ({@code <method>/[seed-<seed>/]} under it)
   * @return the rows, in run order
   * @throws Exception when the model or the data cannot be read
   */
  public List<MethodResult> run(
      PrintStream console,
      List<MethodVariant> methods,
      long firstSeed,
      int seeds,
      int batchSize,
      Device device,
      Path out)
      throws Exception {
    TaskData taskData = TaskSources.read(data, "asr");
    console.printf(
        Locale.ROOT,
        "%n== whisper (wer and cer, lower is better): %d train / %d val / %d test utterances of %s,"
            + " model %s, %d steps per method%n",
        taskData.train().size(),
        taskData.val().size(),
        taskData.test().size(),
        data,
        model,
        steps);
    List<MethodResult> rows = new ArrayList<>();
    WhisperAsrScores before = null;
    for (int k = 0; k < seeds; k++) {
      long seed = firstSeed + k;
      List<MethodResult> runs = new ArrayList<>();
      long total = 0;
      for (MethodVariant method : methods) {
        AdapterMethod<?> m = AdapterMethods.of(method.spec());
        if (!trainsWhisper(m)) {
          console.printf(
              Locale.ROOT,
              "%-8s %-22s skipped: nothing to train in a sequence-to-sequence model%n",
              TASK,
              method.label());
          continue;
        }
        Path dir = out.resolve(method.cliName());
        dir = seeds > 1 ? dir.resolve("seed-" + seed) : dir;
        double lr = method.learningRate() * lrScale;
        WhisperRun run;
        long started = System.nanoTime();
        try {
          run = runOne(method, m, taskData, seed, batchSize, device, dir, before);
        } catch (IllegalArgumentException | IllegalStateException refused) {
          // a method that does not fit Whisper, or diverges, ends its own run only
          console.printf(
              Locale.ROOT, "%-8s %-22s FAILED: %s%n", TASK, method.label(), refused.getMessage());
          runs.add(MethodResult.failed(TASK, method.label(), "wer", seed, lr));
          runs.add(MethodResult.failed(TASK + "-cer", method.label(), "cer", seed, lr));
          continue;
        }
        before = new WhisperAsrScores(run.werBefore(), run.cerBefore(), List.of(), List.of());
        total = run.totalParams() - (m.ownsBaseTensors() ? 0 : run.trainableParams());
        console.printf(
            Locale.ROOT,
            "%-8s %-22s wer %.3f cer %.3f (unadapted: wer %.3f cer %.3f)  (%,d trainable, %.1f"
                + " s training, %.1f s in all)%n",
            TASK,
            method.label(),
            run.wer(),
            run.cer(),
            run.werBefore(),
            run.cerBefore(),
            run.trainableParams(),
            run.trainSeconds(),
            (System.nanoTime() - started) / 1e9);
        runs.add(row(TASK, method.label(), "wer", run.wer(), run, seed, lr, run.trainSeconds()));
        runs.add(row(TASK + "-cer", method.label(), "cer", run.cer(), run, seed, lr, 0));
      }
      if (before != null) {
        rows.add(unadapted(TASK, "wer", before.wer(), total, seed));
        rows.add(unadapted(TASK + "-cer", "cer", before.cer(), total, seed));
      }
      rows.addAll(runs);
    }
    return rows;
  }

  private WhisperRun runOne(
      MethodVariant method,
      AdapterMethod<?> m,
      TaskData taskData,
      long seed,
      int batchSize,
      Device device,
      Path dir,
      WhisperAsrScores before)
      throws Exception {
    WhisperWhere where = m.mixesPositions() ? WhisperWhere.ENCODER : WhisperWhere.BOTH;
    AdapterSpec spec = BackboneKind.WHISPER.presetSpec(method.spec());
    TrainingConfig config =
        TrainingConfig.builder()
            .optLearningRate(method.learningRate() * lrScale)
            .optMaxSteps(steps)
            .optPatience(0)
            .optSeed(seed)
            .optLogEverySteps(1)
            .optMaxGradNorm(1.0)
            .optBatchSize(batchSize)
            .optMetric(TrainingConfig.EVAL_LOSS, false)
            .build();
    return WhisperTrainer.builder()
        .setModelDir(model)
        .setMethod(spec)
        .optWhere(where)
        .setData(taskData)
        .setOutputDir(dir)
        .optConfig(config)
        .optMaxNewTokens(maxNewTokens)
        .optOverwrite(true)
        .optDevice(device)
        .optScoresBefore(before)
        .optDataDescription(data + " asr")
        .build()
        .run();
  }

  /** One row; the training time goes on the WER row only, so the table does not count it twice. */
  private static MethodResult row(
      String task,
      String label,
      String metric,
      double score,
      WhisperRun run,
      long seed,
      double lr,
      double seconds) {
    return new MethodResult(
        task,
        label,
        metric,
        score,
        run.trainableParams(),
        run.totalParams(),
        seconds,
        seed,
        lr,
        Double.NaN);
  }

  private static MethodResult unadapted(
      String task, String metric, double score, long params, long seed) {
    return new MethodResult(task, UNADAPTED, metric, score, 0, params, 0, seed, 0, Double.NaN);
  }

  /**
   * Tells whether a quickstart task name is this task.
   *
   * @param name a {@code --task} value
   * @return whether it is {@value #TASK}
   */
  static boolean isTask(String name) {
    return TASK.equals(name);
  }
}
