package dev.sure4j.cli.tasks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.sure4j.cli.options.AdapterOption;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.DtypeOption;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sure4j predict}: loads the backbone once and one or more task adapters beside it, then
 * prints every adapter's prediction for every audio file ({@code file<TAB>adapter<TAB>prediction});
 * with a Whisper {@code --model} the prediction is the adapter's transcript.
 */
@Command(name = "predict", description = "Predict with one or more task adapters on one backbone.")
public final class PredictCommand implements Callable<Integer> {

  @Mixin BackboneOption backbone;

  @Mixin AdapterOption adapters;

  @Mixin DeviceOption device;

  @Mixin DtypeOption dtype;

  @Mixin WhisperTokensOption whisperTokens;

  @Option(
      names = "--merge",
      description = "Fold adapters whose method merges (LoRA) into the weights while they run.")
  boolean merge;

  @Option(
      names = "--scores",
      description =
          "After each prediction, print the adapter head's raw output for that file (its first"
              + " output's row: class logits, or frames x vocabulary for ctc), comma-separated,"
              + " each float printed so that it reads back bit for bit.")
  boolean scores;

  @Parameters(arity = "1..*", paramLabel = "AUDIO", description = "Audio files.")
  List<Path> audio;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    dtype.checked(); // float32 or a one-line refusal, before anything is loaded
    Map<String, Path> named = adapters.named();
    if (WhisperAdapters.transcribe(backbone.path(), named.values())) {
      if (merge || scores) {
        throw new IllegalArgumentException(
            "--merge and --scores do not apply to a Whisper --model");
      }
      WhisperAdapters.predict(
          backbone.path(), named, audio, whisperTokens.value(), device.device());
      return 0;
    }
    try (SpeechSession session = SpeechSession.open(backbone.path(), device.device())) {
      for (Map.Entry<String, Path> e : named.entrySet()) {
        session.load(e.getKey(), e.getValue());
        if (merge && session.model().adapter(e.getKey()).mergeable()) {
          session.merge(e.getKey());
        }
      }
      Map<String, List<String>> predictions = new LinkedHashMap<>();
      for (String name : named.keySet()) {
        predictions.put(
            name,
            scores
                ? session.forward(
                    name, session.audio().loadBatch(audio), PredictCommand::withScores)
                : new ArrayList<>(session.predict(name, audio)));
      }
      for (int i = 0; i < audio.size(); i++) {
        for (String name : named.keySet()) {
          System.out.printf("%s\t%s\t%s%n", audio.get(i), name, predictions.get(name).get(i));
        }
      }
    }
    return 0;
  }

  /** Each file's prediction, a tab, and its row of the head's first output. */
  private static List<String> withScores(SpeechTask task, NDList out) {
    List<String> words = task.describe(out);
    NDArray first = out.get(0);
    float[] values = first.toFloatArray();
    int rows = Math.toIntExact(first.getShape().get(0));
    int width = values.length / rows;
    List<String> lines = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      StringJoiner row = new StringJoiner(",");
      for (int j = 0; j < width; j++) {
        row.add(Float.toString(values[i * width + j]));
      }
      lines.add(words.get(i) + "\t" + row);
    }
    return lines;
  }
}
