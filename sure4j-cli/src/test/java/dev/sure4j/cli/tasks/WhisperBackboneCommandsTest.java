package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.Sure4j;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    JsonObject task =
        JsonParser.parseString(Files.readString(out.resolve("adapter").resolve("task.json")))
            .getAsJsonObject();
    assertEquals("whisper", task.getAsJsonObject("backbone").get("kind").getAsString());
    assertEquals("pad", task.getAsJsonObject("backbone").get("window").getAsString());
    double score =
        JsonParser.parseString(Files.readString(out.resolve("metrics.json")))
            .getAsJsonObject()
            .get("score")
            .getAsDouble();

    Path evaluated = tmp.resolve("eval.json");
    Commands.run(
        "evaluate",
        "--model",
        WHISPER,
        "--adapter",
        out.resolve("adapter").toString(),
        "--data",
        corpus.resolve("emotion").toString(),
        "--out",
        evaluated.toString());
    JsonObject eval = JsonParser.parseString(Files.readString(evaluated)).getAsJsonObject();
    assertEquals(
        score,
        eval.getAsJsonObject("metrics").get("accuracy").getAsDouble(),
        1e-12,
        "evaluate reproduces the test score train reported");

    String clip =
        Files.readAllLines(corpus.resolve("emotion").resolve("test.csv")).get(1).split(",")[0];
    String predicted =
        Commands.run(
            "predict", "--model", WHISPER, "--adapter", "ser=" + out.resolve("adapter"), clip);
    assertTrue(predicted.startsWith(clip + "\tser\t"), predicted);
  }

  @Test
  void anUnknownWhisperWindowEndsTheCommand() {
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = Sure4j.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
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
    assertTrue(code != 0);
    assertTrue(err.toString().contains("crop"), err.toString());
  }
}
