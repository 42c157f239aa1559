package dev.sure4j.speech.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed {@code models/mini-hubert} checkpoint loads and encodes mini-corpus audio. */
class MiniHubertCheckpointTest {

  private static final Path DIR = Path.of("..", "models", "mini-hubert");
  private static final Path CLIP = Path.of("..", "data", "mini", "kws", "test", "yes_000.wav");

  @Test
  void committedCheckpointLoadsAndEncodesAClip() throws Exception {
    EncoderConfig config = EncoderConfig.fromFile(DIR.resolve("config.json"));
    assertEquals(EncoderConfig.ModelType.HUBERT, config.modelType());
    assertEquals(128, config.hiddenSize());
    assertTrue(
        Files.readString(DIR.resolve("config.json")).contains("\"HubertModel\""),
        "architectures [HubertModel]");
    assertTrue(Files.size(DIR.resolve("model.safetensors")) <= 10L * 1024 * 1024);
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(DIR, m);
      float[] wave = AudioPipeline.builder().optCheckpoint(DIR).build().load(CLIP);
      NDArray x = m.create(wave, new Shape(1, wave.length));
      EncoderOutput out = encoder.encode(x, new long[] {wave.length});
      long frames = config.frames(wave.length);
      assertEquals(new Shape(1, frames, 128), out.lastHiddenState().getShape());
      assertEquals(config.numHiddenLayers() + 1, out.hiddenStates().size());
      float[] h = out.lastHiddenState().toFloatArray();
      double sq = 0;
      for (float v : h) {
        assertTrue(Float.isFinite(v));
        sq += v * v;
      }
      System.out.printf(
          "models/mini-hubert: %s (%d samples) -> [1, %d, 128], rms %.3f%n",
          CLIP.getFileName(), wave.length, frames, Math.sqrt(sq / h.length));
      // post-LN: the last layer norm leaves unit-scale features
      assertEquals(1, Math.sqrt(sq / h.length), 0.5);
    }
  }
}
