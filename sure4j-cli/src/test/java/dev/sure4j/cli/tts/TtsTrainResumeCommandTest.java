package dev.sure4j.cli.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.tasks.Commands;
import dev.sure4j.speech.tts.train.TtsCheckpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sure4j tts-train --resume} and {@code --loraplus-ratio}: a base run writes its
 * checkpoint, log and curve into {@code <out>.training}, a longer run with {@code --resume}
 * continues from its step, and LoRA+ is refused for a method without an adapter.
 */
class TtsTrainResumeCommandTest {

  @TempDir Path dir;

  private static int run(StringWriter err, String... args) {
    return Commands.execute(new TtsTrainCommand(), err, args);
  }

  @Test
  void loraPlusNeedsAnAdapter() {
    String err = TtsTrainCommandTest.usageError("speaker", "--base", "b", "--loraplus-ratio", "4");
    assertTrue(err.contains("--loraplus-ratio is for LoRA adapters, not --method speaker"), err);
  }

  @Test
  void resumeContinuesFromTheLastCheckpoint() throws Exception {
    Path manifest = EspeakCorpus.manifest(dir, true);
    String data = "manifest:" + manifest;
    Path model = dir.resolve("model");
    Path training = TtsCheckpoints.dirFor(model);
    assertEquals(dir.resolve("model.training"), training);

    train(data, model, "2");
    for (String f :
        new String[] {
          "last/trainer_state.json",
          "last/model.safetensors",
          "last/optimizer.safetensors",
          "last/" + TtsCheckpoints.PARTS_FILE,
          "train_log.csv",
          "loss.png"
        }) {
      assertTrue(Files.isRegularFile(training.resolve(f)), f);
    }
    assertEquals(3, Files.readAllLines(training.resolve("train_log.csv")).size());

    String out = train(data, model, "3", "--resume");
    assertTrue(out.contains("at step 2"), out);
    assertTrue(out.contains("trained 3 steps"), out);
    assertEquals(4, Files.readAllLines(training.resolve("train_log.csv")).size());

    String lora =
        train(
            data,
            dir.resolve("lora"),
            "1",
            "--method",
            "lora",
            "--base",
            model.toString(),
            "--loraplus-ratio",
            "4");
    assertTrue(lora.contains("adaptation written to"), lora);
  }

  private static String train(String data, Path out, String steps, String... extra) {
    String[] fixed = {"--data", data, "--out", out.toString(), "--steps", steps};
    String[] args = new String[fixed.length + extra.length];
    System.arraycopy(fixed, 0, args, 0, fixed.length);
    System.arraycopy(extra, 0, args, fixed.length, extra.length);
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertEquals(0, run(err, args), err.toString());
    } finally {
      System.setOut(old);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    old.print(text);
    return text;
  }
}
