package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.speech.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sure4j quickstart --task whisper} and {@code ./sure4j whisper-pretrain}, very short, on
 * the tiny random Whisper and manifests made here: the table's rows are the runs' {@code
 * metrics.json} values, the unadapted row is the runs' score before training, the linear probe is
 * skipped, the ConvAdapter goes on the encoder only; the pre-trained model is a Whisper directory
 * whose weights training changed.
 */
class WhisperQuickstartTest {

  private static final Path WHISPER = SpeechFixtures.resource("whisper", "tiny-random");

  @TempDir Path dir;
  private Path data;

  @BeforeEach
  void manifests() throws Exception {
    data = dir.resolve("asr");
    Files.createDirectories(data);
    Path a = WhisperTrainCommandTest.wav(data, "a.wav", 12800);
    Path b = WhisperTrainCommandTest.wav(data, "b.wav", 8000);
    Path c = WhisperTrainCommandTest.wav(data, "c.wav", 10400);
    WhisperTrainCommandTest.manifest(data, "train.csv", a, "hello world", b, "the quick brown fox");
    WhisperTrainCommandTest.manifest(data, "val.csv", a, "hello world");
    WhisperTrainCommandTest.manifest(data, "test.csv", a, "hello world", c, "she sells sea shells");
  }

  @Test
  void everyMethodIsScoredAgainstTheUnadaptedModel() throws Exception {
    Path out = dir.resolve("quickstart");
    String printed =
        Commands.run(
            "quickstart",
            "--task",
            "whisper",
            "--whisper-model",
            WHISPER.toString(),
            "--whisper-data",
            data.toString(),
            "--method",
            "probe,lora,prefix,conv,ia3",
            "--whisper-steps",
            "2",
            "--whisper-max-new-tokens",
            "4",
            "--batch-size",
            "2",
            "--out",
            out.toString());
    assertTrue(printed.contains("linear probe") && printed.contains("skipped"), printed);
    List<String> rows = Files.readAllLines(out.resolve("results.csv"));
    // header, unadapted wer and cer, then wer and cer of LoRA, prefix tuning (on the self-attention
    // of both stacks), the ConvAdapter and IA3 (its feed-forward module renamed to fc2)
    assertEquals(11, rows.size(), rows.toString());
    assertTrue(!printed.contains("FAILED"), printed);
    JsonObject prefix = Commands.json(out.resolve("whisper/prefix/metrics.json"));
    assertEquals("both", prefix.get("where").getAsString());
    assertRow(rows.get(5), "whisper,prefix tuning,wer,", prefix.get("wer").getAsDouble());
    JsonObject lora = Commands.json(out.resolve("whisper/lora/metrics.json"));
    JsonObject conv = Commands.json(out.resolve("whisper/conv/metrics.json"));
    assertEquals("both", lora.get("where").getAsString());
    assertEquals("encoder", conv.get("where").getAsString());
    assertRow(rows.get(1), "whisper,unadapted,wer,", lora.get("wer_before").getAsDouble());
    assertRow(rows.get(2), "whisper-cer,unadapted,cer,", lora.get("cer_before").getAsDouble());
    assertRow(rows.get(3), "whisper,LoRA,wer,", lora.get("wer").getAsDouble());
    assertRow(rows.get(4), "whisper-cer,LoRA,cer,", lora.get("cer").getAsDouble());
    assertRow(rows.get(7), "whisper,ConvAdapter,wer,", conv.get("wer").getAsDouble());
    JsonObject ia3 = Commands.json(out.resolve("whisper/ia3/metrics.json"));
    assertRow(rows.get(9), "whisper,IA3,wer,", ia3.get("wer").getAsDouble());
    assertTrue(!printed.contains("IA3 feed-forward module"), printed);
    // the base is scored once: the ConvAdapter's run reports the LoRA run's score before training
    assertEquals(lora.get("wer_before").getAsDouble(), conv.get("wer_before").getAsDouble());
    assertTrue(printed.contains("whisper wer") && printed.contains("unadapted"), printed);
  }

  @Test
  void pretrainingWritesAWhisperDirectoryWithTrainedWeights() throws Exception {
    Path model = dir.resolve("model");
    Path run = dir.resolve("run");
    String printed =
        Commands.run(
            "whisper-pretrain",
            "--init",
            WHISPER.toString(),
            "--data",
            data.toString(),
            "--out",
            model.toString(),
            "--run",
            run.toString(),
            "--max-steps",
            "2",
            "--lr",
            "0.01",
            "--batch-size",
            "2",
            "--max-new-tokens",
            "4");
    assertTrue(printed.contains("model: " + model), printed);
    for (String f : List.of("config.json", "vocab.json", "generation_config.json")) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    byte[] initial = Files.readAllBytes(run.resolve("init/model.safetensors"));
    byte[] trained = Files.readAllBytes(model.resolve("model.safetensors"));
    assertEquals(initial.length, trained.length);
    assertFalse(Arrays.equals(initial, trained), "training changed the weights");
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(32, WhisperModel.load(model, m).config().dModel());
    }
  }

  private static void assertRow(String row, String start, double expected) {
    assertTrue(row.startsWith(start), row);
    assertEquals(expected, Double.parseDouble(row.split(",")[3]), 5e-5, row);
  }
}
