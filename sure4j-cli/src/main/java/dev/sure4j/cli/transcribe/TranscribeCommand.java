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
import dev.sure4j.speech.whisper.WhisperLanguage;
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
      description =
          "Language code of the forced prompt, e.g. en, or auto to detect each file's language"
              + " from its first 30 s (default: the model's).")
  String language;

  /** The {@code --language} value that asks for detection. */
  static final String AUTO = "auto";

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
    Path config = model.resolve(WhisperModel.GENERATION_CONFIG);
    WhisperGenerationConfig base = WhisperGenerationConfig.fromFile(config);
    WhisperPrompt prompt = WhisperPrompt.fromFile(config);
    boolean detect = AUTO.equals(language);
    WhisperGenerationConfig fixed = detect ? base : rules(base, prompt, language);
    AudioPipeline pipeline = WhisperFeatures.pipeline(maxSeconds.limits());
    List<float[]> waves = new ArrayList<>();
    for (Path file : audio) {
      waves.add(pipeline.load(file));
    }
    try (NDManager manager = NDManager.newBaseManager(device.device())) {
      WhisperModel whisper = WhisperDirectory.load(model, adapter, manager);
      WhisperTokenizer tokenizer = WhisperTokenizer.fromDirectory(model);
      for (int i = 0; i < waves.size(); i++) {
        WhisperLanguage detected =
            detect ? WhisperLanguage.detect(whisper, base, prompt, manager, waves.get(i)) : null;
        WhisperGenerationConfig rules = detect ? rules(base, prompt, detected.code()) : fixed;
        WhisperTranscript t =
            transcriber(whisper, rules, tokenizer).transcribe(manager, waves.get(i));
        System.out.println(json ? toJson(audio.get(i), t, detected) : line(audio.get(i), t));
      }
    }
    return 0;
  }

  private WhisperTranscriber transcriber(
      WhisperModel whisper, WhisperGenerationConfig rules, WhisperTokenizer tokenizer) {
    WhisperDecoding decoding =
        beams == 1
            ? new WhisperGreedyDecoder(whisper, rules)
            : WhisperBeamSearch.builder().setModel(whisper).setRules(rules).optBeams(beams).build();
    return WhisperTranscriber.builder()
        .setDecoding(decoding)
        .setTokenizer(tokenizer)
        .optMaxNewTokens(maxNewTokens)
        .optSegments(timestamps)
        .build();
  }

  /** The generation rules with a language (null: the model's) and the timestamp choice. */
  private WhisperGenerationConfig rules(
      WhisperGenerationConfig rules, WhisperPrompt prompt, String code) {
    WhisperGenerationConfig r = code == null ? rules : prompt.withLanguage(rules, code);
    return timestamps ? prompt.withTimestamps(r) : r;
  }

  private String line(Path file, WhisperTranscript t) {
    return audio.size() == 1 ? t.text() : file + "\t" + t.text();
  }

  private static String toJson(Path file, WhisperTranscript t, WhisperLanguage detected) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file.toString());
    o.addProperty("text", t.text());
    if (detected != null) {
      o.addProperty("language", detected.code());
      o.addProperty("language_probability", detected.probability());
    }
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
