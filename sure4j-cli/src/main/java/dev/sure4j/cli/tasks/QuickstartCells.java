package dev.sure4j.cli.tasks;

import ai.djl.Device;
import ai.djl.translate.TranslateException;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.tasks.CtcTask;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskRun;
import dev.sure4j.speech.tasks.TaskTrainer;
import dev.sure4j.speech.tasks.TaskType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SURE cells of {@code ./sure4j quickstart}: plans them (every method on every task for every
 * seed, in table order) and trains one. The plan depends only on the command's options, so a worker
 * process started with the same options plans the same cells and can be told a cell by its index.
 *
 * @param backbone the backbone checkpoint directory
 * @param device where the runs train
 * @param data the {@code --data} value
 * @param budget the steps, batch size and learning-rate scale
 * @param lexicon the lexicon options of the phoneme and slot tasks
 * @param layerWeights whether classification heads take a layer-weighted sum
 * @param ctcMetric the metric of character CTC tasks, {@code wer} or {@code cer}
 * @param out the output root; a run writes under {@code <out>/<task>/<method>/}
 */
record QuickstartCells(
    Path backbone,
    Device device,
    String data,
    QuickstartBudget budget,
    LexiconOptions lexicon,
    boolean layerWeights,
    String ctcMetric,
    Path out) {

  /**
   * Plans the cells of the given tasks, reading each task's manifests once.
   *
   * @param tasks the SURE task names, in table order
   * @param methods the method variants, in table order
   * @param firstSeed the first seed
   * @param seeds runs per method and task (seeds {@code firstSeed, firstSeed + 1, ...})
   * @param console where each task's split sizes are printed
   * @return the cells, task by task, then method by method, then seed by seed
   * @throws IOException when a manifest cannot be read
   */
  List<QuickstartCell> plan(
      List<String> tasks,
      List<MethodVariant> methods,
      long firstSeed,
      int seeds,
      PrintStream console)
      throws IOException {
    List<QuickstartCell> cells = new ArrayList<>();
    for (String taskName : tasks) {
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
                .withLayerWeightedSum(layerWeights);
      }
      console.printf(
          Locale.ROOT,
          "== %s: %d train / %d val / %d test utterances%n",
          task,
          taskData.train().size(),
          taskData.val().size(),
          taskData.test().size());
      for (MethodVariant method : methods) {
        for (int k = 0; k < seeds; k++) {
          long runSeed = firstSeed + k;
          Path runDir = out.resolve(taskName).resolve(method.cliName());
          if (seeds > 1) {
            runDir = runDir.resolve("seed-" + runSeed);
          }
          double lr = budget.learningRate(method.learningRate());
          TrainingConfig config = budget.config(task.type(), taskData.train().size(), lr, runSeed);
          cells.add(new QuickstartCell(task, taskData, method, config, runDir));
        }
      }
    }
    return cells;
  }

  /**
   * Trains one cell and returns its row (a NaN score if the loss diverged).
   *
   * @param cell the cell
   * @param console where the cell's result line is printed
   * @return the row
   * @throws IOException when a file cannot be read or written
   * @throws TranslateException when the model fails
   */
  MethodResult run(QuickstartCell cell, PrintStream console)
      throws IOException, TranslateException {
    SpeechTask task = cell.task();
    String taskName = task.name();
    String label = cell.method().label();
    TaskRun run;
    try {
      run =
          TaskTrainer.builder()
              .setCheckpoint(backbone)
              .setMethod(cell.method().spec())
              .setTask(task)
              .setData(cell.data())
              .setOutputDir(cell.runDir())
              .optConfig(cell.config())
              .optOverwrite(true)
              .optDevice(device)
              .optDataDescription(data + " " + taskName)
              .build()
              .run();
    } catch (IllegalStateException diverged) {
      // a non-finite loss ends this run only; the table shows it as failed
      console.printf(
          Locale.ROOT, "%-8s %-22s FAILED: %s%n", taskName, label, diverged.getMessage());
      return MethodResult.failed(taskName, label, task.metric(), cell.seed(), cell.learningRate());
    }
    console.printf(
        Locale.ROOT,
        "%-8s %-22s %s %.3f (val %.3f, seed %d)  (%,d trainable, %.1f s%s)%n",
        taskName,
        label,
        run.metric(),
        run.score(),
        run.validationMetric(),
        cell.seed(),
        run.trainableParams(),
        run.trainSeconds(),
        run.skippedSteps() > 0 ? ", " + run.skippedSteps() + " non-finite updates skipped" : "");
    return new MethodResult(
        taskName,
        label,
        run.metric(),
        run.score(),
        run.trainableParams(),
        run.totalParams(),
        run.trainSeconds(),
        cell.seed(),
        cell.learningRate(),
        run.validationMetric());
  }
}
