package dev.sure4j.cli.transcribe;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.MaxSecondsOption;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.whisper.WhisperBeamSearch;
import dev.sure4j.speech.whisper.WhisperDecoding;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperGreedyDecoder;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperPrompt;
import dev.sure4j.speech.whisper.WhisperSegment;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import dev.sure4j.speech.whisper.WhisperTranscript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sure4j transcribe}: runs a Hugging Face Whisper directory (optionally with a LoRA
 * adapter) over audio files and prints one line per file: the text, or with {@code --json} an
 * object {@code {"file", "text", "tokens"}} (and {@code "segments"} with {@code --timestamps}).
 * Everything is checked and every file read before the first line is printed.
 */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    description = "Transcribe audio files with a Whisper model (30 s windows, joined).")
public final class TranscribeCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      description =
          "Whisper directory: config.json, generation_config.json, model.safetensors or"
              + " pytorch_model.bin, vocab.json, merges.txt, added_tokens.json.")
  Path model;

  @Option(
      names = "--adapter",
      description = "LoRA adapter directory (PEFT or sure4j layout) applied to the model.")
  Path adapter;

  @Option(
      names = "--beam",
      defaultValue = "1",
      description = "Beams; 1 decodes greedily (default: ${DEFAULT-VALUE}).")
  int beams;

  @Option(
      names = "--language",
      description = "Language code of the forced prompt, e.g. en (default: the model's).")
  String language;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "448",
      description = "Tokens generated at most per 30 s window (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--timestamps",
      description = "Let the decoder emit timestamp tokens and report segments in the JSON.")
  boolean timestamps;

  @Option(names = "--json", description = "Print one JSON object per file.")
  boolean json;

  @Mixin MaxSecondsOption maxSeconds;

  @Mixin DeviceOption device;

  @Parameters(arity = "1..*", paramLabel = "AUDIO", description = "Audio files.")
  List<Path> audio;

  @Override
  public Integer call() throws Exception {
    WhisperGenerationConfig rules = rules();
    AudioPipeline pipeline = WhisperFeatures.pipeline(maxSeconds.limits());
    List<float[]> waves = new ArrayList<>();
    for (Path file : audio) {
      waves.add(pipeline.load(file));
    }
    try (NDManager manager = NDManager.newBaseManager(device.device())) {
      WhisperModel whisper = WhisperDirectory.load(model, adapter, manager);
      WhisperDecoding decoding =
          beams == 1
              ? new WhisperGreedyDecoder(whisper, rules)
              : WhisperBeamSearch.builder()
                  .setModel(whisper)
                  .setRules(rules)
                  .optBeams(beams)
                  .build();
      WhisperTranscriber transcriber =
          WhisperTranscriber.builder()
              .setDecoding(decoding)
              .setTokenizer(WhisperTokenizer.fromDirectory(model))
              .optMaxNewTokens(maxNewTokens)
              .optSegments(timestamps)
              .build();
      for (int i = 0; i < waves.size(); i++) {
        WhisperTranscript t = transcriber.transcribe(manager, waves.get(i));
        System.out.println(json ? toJson(audio.get(i), t) : line(audio.get(i), t));
      }
    }
    return 0;
  }

  /** The generation rules with the language and timestamp choices applied. */
  private WhisperGenerationConfig rules() {
    Path file = model.resolve(WhisperModel.GENERATION_CONFIG);
    WhisperGenerationConfig rules = WhisperGenerationConfig.fromFile(file);
    WhisperPrompt prompt = WhisperPrompt.fromFile(file);
    if (language != null) {
      rules = prompt.withLanguage(rules, language);
    }
    return timestamps ? prompt.withTimestamps(rules) : rules;
  }

  private String line(Path file, WhisperTranscript t) {
    return audio.size() == 1 ? t.text() : file + "\t" + t.text();
  }

  private static String toJson(Path file, WhisperTranscript t) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file.toString());
    o.addProperty("text", t.text());
    JsonArray tokens = new JsonArray();
    t.tokens().forEach(tokens::add);
    o.add("tokens", tokens);
    if (!t.segments().isEmpty()) {
      JsonArray segments = new JsonArray();
      for (WhisperSegment s : t.segments()) {
        JsonArray seg = new JsonArray();
        seg.add(s.start());
        seg.add(s.end());
        seg.add(s.text());
        segments.add(seg);
      }
      o.add("segments", segments);
    }
    return o.toString();
  }
}
