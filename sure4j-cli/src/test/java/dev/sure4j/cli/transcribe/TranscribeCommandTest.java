package dev.sure4j.cli.transcribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.Sure4j;
import dev.sure4j.cli.tasks.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j transcribe} on the tiny random Whisper of adapters-speech
 * (tools/whisper_fixture.py) and the utterance its references were computed from: the printed
 * tokens are PyTorch's greedy and beam ids without the forced prompt.
 */
class TranscribeCommandTest {

  static final Path WHISPER = SpeechFixtures.resource("whisper", "tiny-random");
  static final Path WAV = SpeechFixtures.resource("audio", "mel", "speech_c_16k.wav");
  private static final int PROMPT = 4;

  /** Reference ids from PyTorch, without the prompt (the fixture decodes 12 new tokens). */
  static long[] expected(String name) throws Exception {
    try (SafetensorsReader ref =
        SafetensorsReader.open(SpeechFixtures.resource("whisper", "reference.safetensors"))) {
      float[] f = ref.readFloats(name);
      long[] out = new long[f.length - PROMPT];
      for (int i = 0; i < out.length; i++) {
        out[i] = (long) f[i + PROMPT];
      }
      return out;
    }
  }

  private static JsonObject transcribe(String... extra) {
    String[] head = {
      "transcribe", "--model", WHISPER.toString(), "--json", "--max-new-tokens", "12"
    };
    String[] args = Arrays.copyOf(head, head.length + extra.length + 1);
    System.arraycopy(extra, 0, args, head.length, extra.length);
    args[args.length - 1] = WAV.toString();
    List<String> lines = Commands.run(args).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    return JsonParser.parseString(lines.get(0)).getAsJsonObject();
  }

  private static long[] tokens(JsonObject o) {
    JsonArray a = o.getAsJsonArray("tokens");
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  @Test
  void greedyTokensAreThePyTorchIds() throws Exception {
    JsonObject o = transcribe();
    assertEquals(WAV.toString(), o.get("file").getAsString());
    assertEquals(Arrays.toString(expected("greedy.ids")), Arrays.toString(tokens(o)));
    assertTrue(o.get("text").getAsString().length() > 0, o.toString());
  }

  @Test
  void beamTokensAreThePyTorchIds() throws Exception {
    JsonObject o = transcribe("--beam", "3");
    assertEquals(Arrays.toString(expected("beam.ids")), Arrays.toString(tokens(o)));
  }

  @Test
  void theLanguageReplacesTheForcedLanguageToken() throws Exception {
    // en is the fixture's own prompt; de: tools/whisper_timestamps.py with <|de|> forced
    assertEquals(
        Arrays.toString(expected("greedy.ids")),
        Arrays.toString(tokens(transcribe("--language", "en"))));
    assertEquals(
        "[281, 377, 377, 375, 375, 209, 181, 181, 181, 6, 71, 71]",
        Arrays.toString(tokens(transcribe("--language", "de"))));
  }

  @Test
  void autoDetectsTheLanguageAndForcesIt() {
    // fr: the language token PyTorch's first teacher-forced step scores highest
    // (WhisperLanguageTest)
    JsonObject o = transcribe("--language", "auto");
    assertEquals("fr", o.get("language").getAsString(), o.toString());
    double p = o.get("language_probability").getAsDouble();
    assertEquals(0.6456, p, 1e-4, o.toString());
    assertEquals(
        Arrays.toString(tokens(transcribe("--language", "fr"))), Arrays.toString(tokens(o)));
    assertTrue(!transcribe().has("language"), "no detection unless asked");
  }

  @Test
  void aPeftLoraChangesTheTokensAsInPyTorch() {
    // tools/whisper_timestamps.py: greedy with the fixture's PEFT LoRA in encoder and decoder
    JsonObject o = transcribe("--adapter", SpeechFixtures.resource("whisper", "lora").toString());
    assertEquals(
        "[362, 127, 127, 127, 127, 127, 364, 364, 364, 364, 364, 364]", Arrays.toString(tokens(o)));
  }

  @Test
  void timestampsGiveSegments() {
    // tools/whisper_timestamps.py, without max_initial_timestamp_index (the fixture sets none)
    JsonObject o = transcribe("--timestamps");
    assertEquals(
        "[375, 267, 377, 377, 291, 291, 291, 181, 71, 71, 71, 71]", Arrays.toString(tokens(o)));
    JsonArray first = o.getAsJsonArray("segments").get(0).getAsJsonArray();
    // <|0.88|> text <|0.92|>
    assertEquals(0.88, first.get(0).getAsDouble(), 1e-9);
    assertEquals(0.92, first.get(1).getAsDouble(), 1e-9);
    assertEquals(2, o.getAsJsonArray("segments").size(), o.toString());
  }

  /** Runs a command expected to fail; returns its error output and checks nothing was printed. */
  private static String fails(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Sure4j.commandLine();
      cli.setErr(new PrintWriter(err, true));
      code = cli.execute(args);
    } finally {
      System.setOut(old);
    }
    System.out.print(err);
    assertNotEquals(0, code);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(1, err.toString().lines().count(), err.toString());
    return err.toString();
  }

  @Test
  void anUnknownLanguageIsOneLineNamingTheKnownOnes() {
    String err =
        fails("transcribe", "--model", WHISPER.toString(), "--language", "xx", WAV.toString());
    assertTrue(err.contains("'xx'") && err.contains("[en, de, fr]"), err);
  }

  @Test
  void aMissingWeightFileIsOneLine(@TempDir Path dir) throws Exception {
    for (String f : List.of("config.json", "generation_config.json", "vocab.json", "merges.txt")) {
      Files.copy(WHISPER.resolve(f), dir.resolve(f));
    }
    String err = fails("transcribe", "--model", dir.toString(), WAV.toString());
    assertTrue(err.contains(dir.toString()), err);
  }
}
