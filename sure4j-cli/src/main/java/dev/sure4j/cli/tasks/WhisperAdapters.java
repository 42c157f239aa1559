package dev.sure4j.cli.tasks;

import ai.djl.Device;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.tasks.TaskFiles;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.train.WhisperAsrScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate} and {@code predict} with a Whisper {@code --model}: an adapter directory written
 * by {@code train --task asr} (or any PEFT-layout or sure4j adapter) on the Whisper directory,
 * greedy decoding with the directory's generation rules.
 */
final class WhisperAdapters {

  private WhisperAdapters() {}

  /**
   * Tells whether adapters go to Whisper's transcription path: the model is a Whisper directory and
   * no adapter carries a {@code task.json} (a SURE head on Whisper's encoder has one and goes
   * through {@code SpeechSession}).
   *
   * @param model the {@code --model} directory
   * @param adapters the adapter directories
   * @return whether to transcribe
   */
  static boolean transcribe(Path model, Collection<Path> adapters) {
    return WhisperConfig.describes(model)
        && adapters.stream().noneMatch(a -> Files.exists(a.resolve(TaskFiles.FILE_NAME)));
  }

  /**
   * Scores one adapter on a split: WER and CER after Whisper's basic normalisation.
   *
   * @param model the Whisper directory
   * @param adapter the adapter directory
   * @param data the {@code --data} value
   * @param split the split's name
   * @param entries the split's entries, with a {@code transcript} column
   * @param maxNewTokens tokens generated at most per utterance
   * @param device the device
   * @return the JSON values: adapter, data, split, utterances and the metrics {@code wer}, {@code
   *     cer}
   * @throws Exception when the model, adapter or audio cannot be read
   */
  static Map<String, Object> evaluate(
      Path model,
      Path adapter,
      String data,
      String split,
      List<ManifestEntry> entries,
      int maxNewTokens,
      Device device)
      throws Exception {
    AudioPipeline pipeline = WhisperFeatures.pipeline(InputLimits.defaults());
    try (WhisperSession session =
        WhisperSession.open(model, Map.of("adapter", adapter), device, maxNewTokens)) {
      WhisperAsrScores scores =
          WhisperAsrScores.evaluate(
              wave -> session.transcribe("adapter", wave).text(),
              pipeline,
              entries,
              System.err::println);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("cer", scores.cer());
      metrics.put("wer", scores.wer());
      return EvaluateCommand.report(adapter, data, split, scores.entries().size(), metrics);
    }
  }

  /**
   * Prints every adapter's transcript of every file, {@code file<TAB>adapter<TAB>text}.
   *
   * @param model the Whisper directory
   * @param named adapter name to directory
   * @param audio the audio files
   * @param maxNewTokens tokens generated at most per 30 s window
   * @param device the device
   * @throws Exception when the model, an adapter or a file cannot be read
   */
  static void predict(
      Path model, Map<String, Path> named, List<Path> audio, int maxNewTokens, Device device)
      throws Exception {
    AudioPipeline pipeline = WhisperFeatures.pipeline(InputLimits.defaults());
    List<float[]> waves = new ArrayList<>();
    for (Path f : audio) {
      waves.add(pipeline.load(f));
    }
    try (WhisperSession session = WhisperSession.open(model, named, device, maxNewTokens)) {
      for (int i = 0; i < audio.size(); i++) {
        for (String name : named.keySet()) {
          String text = session.transcribe(name, waves.get(i)).text();
          System.out.printf("%s\t%s\t%s%n", audio.get(i), name, text.replaceAll("[\t\r\n]", " "));
        }
      }
    }
  }
}
