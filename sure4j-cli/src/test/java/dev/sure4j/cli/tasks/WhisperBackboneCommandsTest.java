package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.sure4j.cli.SpeechFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}, {@code evaluate} and {@code predict} with a Whisper directory as {@code --model}:
 * the SURE heads on Whisper's encoder (the tiny random test model), LoRA on its q/v projections.
 */
class WhisperBackboneCommandsTest {

  private static final String WHISPER =
      SpeechFixtures.resource("whisper", "tiny-random").toString();

  @TempDir static Path tmp;
  private static Path corpus;

  @BeforeAll
  static void smallCorpus() throws IOException {
    corpus = tmp.resolve("corpus");
    SpeechFixtures.miniSubset(corpus, "emotion", 8, 12);
  }

  @Test
  void trainEvaluatePredictOnWhisper() throws IOException {
    Path out = tmp.resolve("ser");
    String trained =
        Commands.run(
            "train",
            "--model",
            WHISPER,
            "--data",
            corpus.resolve("emotion").toString(),
            "--method",
            "lora",
            "--layer-weights",
            "--whisper-window",
            "pad",
            "--max-steps",
            "2",
            "--out",
            out.toString());
    assertTrue(trained.contains("test accuracy"), trained);
    JsonObject task = Commands.json(out.resolve("adapter").resolve("task.json"));
    assertEquals("whisper", task.getAsJsonObject("backbone").get("kind").getAsString());
    assertEquals("pad", task.getAsJsonObject("backbone").get("window").getAsString());
    Commands.evaluateReproducesAccuracy(
        WHISPER, out, corpus.resolve("emotion"), tmp.resolve("eval.json"));

    String clip =
        Files.readAllLines(corpus.resolve("emotion").resolve("test.csv")).get(1).split(",")[0];
    String predicted =
        Commands.run(
            "predict", "--model", WHISPER, "--adapter", "ser=" + out.resolve("adapter"), clip);
    assertTrue(predicted.startsWith(clip + "\tser\t"), predicted);
  }

  @Test
  void anUnknownWhisperWindowEndsTheCommand() {
    Commands.Outcome run =
        Commands.execute(
            "train",
            "--model",
            WHISPER,
            "--data",
            corpus.resolve("emotion").toString(),
            "--whisper-window",
            "crop",
            "--max-steps",
            "1",
            "--out",
            tmp.resolve("crop").toString());
    assertTrue(run.code() != 0);
    assertTrue(run.err().contains("crop"), run.err());
  }
}
