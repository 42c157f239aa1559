package dev.sure4j.cli.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sure4j.cli.Sure4j;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.pretrain.HubertExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainCommandTest {

  @Test
  void fewStepsWriteALoadableCheckpointWithAModelCard(@TempDir Path out) throws Exception {
    int code =
        Sure4j.commandLine()
            .execute(
                "pretrain",
                "--data",
                "../data/mini",
                "--out",
                out.toString(),
                "--steps",
                "3",
                "--clusters",
                "8",
                "--no-probe");
    assertEquals(0, code);
    for (String f :
        new String[] {
          "config.json",
          "model.safetensors",
          "preprocessor_config.json",
          HubertExporter.HEAD_FILE,
          "README.md"
        }) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    assertEquals(PretrainCommand.geometry(), EncoderConfig.fromFile(out.resolve("config.json")));
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder e = HfCheckpointLoader.load(out, m);
      assertEquals(128, e.config().hiddenSize());
    }
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.contains("--steps 3 --clusters 8"), card);
    assertTrue(card.contains("Trained on the bundled synthetic corpus"), card);
  }
}
