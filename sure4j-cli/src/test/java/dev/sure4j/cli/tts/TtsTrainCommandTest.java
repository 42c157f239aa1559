package dev.sure4j.cli.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.tasks.Commands;
import dev.sure4j.speech.tts.train.TtsAdapterFiles;
import dev.sure4j.speech.tts.train.TtsModelFiles;
import dev.sure4j.speech.tts.train.TtsRecipes;
import dev.sure4j.speech.tts.train.VoiceStatsFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j tts-train} and {@code ./sure4j tts}: options, and the files a short run writes.
 */
class TtsTrainCommandTest {

  @TempDir Path dir;

  private static int run(Object command, StringWriter err, String... args) {
    return Commands.execute(command, err, args);
  }

  /**
   * Runs tts-train on a manifest it never reads, expecting a usage error (exit code 2).
   *
   * @param method the {@code --method} value
   * @param extra the options after it
   * @return the error text
   */
  static String usageError(String method, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--data", "manifest:x.csv", "--out", "o", "--method", method));
    args.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    assertEquals(2, run(new TtsTrainCommand(), err, args.toArray(String[]::new)), err.toString());
    return err.toString();
  }

  /** Runs tts-train for 2 steps and expects success. */
  private static void train(StringWriter err, String data, Path out, String... extra) {
    String[] args = new String[6 + extra.length];
    String[] fixed = {"--data", data, "--out", out.toString(), "--steps", "2"};
    System.arraycopy(fixed, 0, args, 0, fixed.length);
    System.arraycopy(extra, 0, args, fixed.length, extra.length);
    assertEquals(0, run(new TtsTrainCommand(), err, args), err.toString());
  }

  @Test
  void adaptationNeedsABaseAndBaseTrainingRefusesOne() {
    String err = usageError("lora");
    assertTrue(err.contains("give --base DIR"), err);
    err = usageError("x");
    assertTrue(err.contains("unknown TTS method 'x'"), err);
  }

  @Test
  void voiceStatisticsAreOnUnlessTurnedOff() {
    CommandLine on = new CommandLine(new TtsTrainCommand());
    on.parseArgs("--data", "manifest:x.csv", "--out", "o", "--method", "lora", "--base", "b");
    assertTrue(((TtsTrainCommand) on.getCommand()).adaptation.voiceStats);
    CommandLine off = new CommandLine(new TtsTrainCommand());
    off.parseArgs("--data", "manifest:x.csv", "--out", "o", "--no-voice-stats");
    assertFalse(((TtsTrainCommand) off.getCommand()).adaptation.voiceStats);
  }

  @Test
  void shortRunsWriteTheModelAndTheAdaptation() throws Exception {
    Path manifest = EspeakCorpus.manifest(dir, true);
    Path model = dir.resolve("model");
    StringWriter err = new StringWriter();
    String data = "manifest:" + manifest;
    train(err, data, model, "--save-every", "1", "--cache", dir.resolve("cache").toString());
    try (var files = Files.list(dir.resolve("cache"))) {
      assertEquals(2, files.count(), "one cached feature file per training utterance");
    }
    for (String f : new String[] {TtsModelFiles.CONFIG, TtsModelFiles.WEIGHTS, "vocab.json"}) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    Path speaker = dir.resolve("speaker");
    train(err, data, speaker, "--method", "speaker", "--base", model.toString());
    assertTrue(Files.isRegularFile(speaker.resolve(TtsAdapterFiles.SPEAKER_FILE)));
    assertTrue(Files.isRegularFile(speaker.resolve(VoiceStatsFile.FILE)), "on by default");
    String metrics = Files.readString(speaker.resolve(TtsRecipes.METRICS));
    assertTrue(
        metrics.contains("\"mcd_before\"") && metrics.contains("\"test_utterances\": 1"), metrics);
  }
}
