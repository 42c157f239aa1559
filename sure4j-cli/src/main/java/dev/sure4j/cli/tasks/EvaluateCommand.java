package dev.sure4j.cli.tasks;

import ai.djl.Device;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DataOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskFiles;
import dev.sure4j.speech.tasks.TaskType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j evaluate}: scores a trained adapter directory (from {@code train} or {@code
 * quickstart}) on a split of a task's data, and optionally writes the metrics as JSON.
 */
@Command(
    name = "evaluate",
    description =
        "Score a trained adapter on the test (or val/train) split of a task's data (--data: a"
            + " manifest directory, a corpus root with --task, or a name:path corpus).")
public final class EvaluateCommand implements Callable<Integer> {

  @Mixin BackboneOption backbone;

  @Mixin BatchSizeOption batchSize;

  @Mixin DeviceOption device;

  @Mixin LexiconOptions lexicon;

  @Mixin WhisperTokensOption whisperTokens;

  @Option(
      names = "--adapter",
      required = true,
      description =
          "Adapter directory with task.json (e.g. runs/kws/adapter); with a Whisper --model, an"
              + " adapter from train --task asr, scored by WER and CER.")
  Path adapter;

  @Mixin DataOption input;

  @Option(names = "--task", description = "Task name (default: the adapter's task).")
  String task;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "train, val or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--out", description = "Also write the metrics to this JSON file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    Device onDevice = device.device();
    String data = input.value();
    if (WhisperAdapters.transcribe(backbone.path(), List.of(adapter))) {
      Map<String, Object> json =
          WhisperAdapters.evaluate(
              backbone.path(),
              adapter,
              data,
              split,
              entries(TaskSources.read(data, task != null ? task : "asr")),
              whisperTokens.value(),
              onDevice);
      if (out != null) {
        TaskFiles.writeJson(out, json);
      }
      return 0;
    }
    SpeechTask saved = TaskFiles.load(adapter);
    String taskName = task != null ? task : saved.name();
    TaskData taskData = TaskSources.read(data, taskName);
    List<ManifestEntry> entries = entries(taskData);
    if (saved.type() == TaskType.CTC) {
      entries =
          TaskTargets.of(
                  saved.vocabulary().kind(),
                  TaskSources.manifestDirectory(data, taskName),
                  lexicon,
                  System.out)
              .apply(entries, split);
    }
    try (SpeechSession session = SpeechSession.open(backbone.path(), onDevice)) {
      session.load(saved.name(), adapter);
      Map<String, Double> metrics = session.evaluate(saved.name(), entries, batchSize.value());
      Map<String, Object> json = report(adapter, data, split, entries.size(), metrics);
      if (out != null) {
        TaskFiles.writeJson(out, json);
      }
    }
    return 0;
  }

  /**
   * Prints one evaluation's line, {@code <adapter> on <data> (<split> split, <n> utterances):
   * {metrics}}, and returns it as the JSON object {@code evaluate --out} writes.
   *
   * @param adapter the adapter directory
   * @param data the corpus the split came from
   * @param split train, val or test
   * @param utterances the utterances scored
   * @param metrics metric name to value
   * @return {@code adapter}, {@code data}, {@code split}, {@code utterances} and {@code metrics}
   *     (sorted by name)
   */
  static Map<String, Object> report(
      Path adapter, String data, String split, int utterances, Map<String, ?> metrics) {
    Map<String, Object> sorted = new TreeMap<>(metrics);
    System.out.printf(
        Locale.ROOT,
        "%s on %s (%s split, %d utterances): %s%n",
        adapter,
        data,
        split,
        utterances,
        sorted);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("adapter", adapter.toString());
    json.put("data", data);
    json.put("split", split);
    json.put("utterances", utterances);
    json.put("metrics", sorted);
    return json;
  }

  private List<ManifestEntry> entries(TaskData taskData) {
    return switch (split) {
      case "train" -> taskData.train();
      case "val" -> taskData.val();
      case "test" -> taskData.test();
      default ->
          throw new IllegalArgumentException(
              "--split must be train, val or test, not '" + split + "'");
    };
  }
}
