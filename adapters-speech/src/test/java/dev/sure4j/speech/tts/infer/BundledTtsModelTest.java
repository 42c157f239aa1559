package dev.sure4j.speech.tts.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.tts.train.TtsModelFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The committed {@code models/mini-tts} loads and speaks a sentence it never trained on. */
class BundledTtsModelTest {

  private static final Path DIR = Path.of("..", "models", "mini-tts");

  @Test
  void loadsAndSpeaks() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      TtsModelFiles.Loaded loaded = TtsModelFiles.load(DIR, manager);
      assertEquals(4, loaded.config().model().speakers()); // the four base voices of base.csv
      assertEquals(64, loaded.config().model().hidden()); // FastSpeechConfig.small
      TtsSynthesizer synth =
          new TtsSynthesizer(loaded.block().model(), loaded.text(), loaded.config().mel());
      TtsPrediction p = synth.predict(manager, "open the door", 0);
      // espeak-ng speaks it in 1.1 s = 95 frames of 11.6 ms (soxi -D); the base voices vary
      assertTrue(p.frames() >= 30 && p.frames() <= 200, "frames: " + p.frames());
      float[] f0 = p.f0Hz(loaded.config().stats().pitchMean(), loaded.config().stats().pitchStd());
      for (float hz : f0) {
        assertTrue(hz > 50 && hz < 500, "predicted F0 " + hz + " Hz");
      }
      float[] samples = synth.speak(manager, "open the door", 0, Optional.empty());
      int hop = loaded.config().mel().hopLength();
      assertTrue(Math.abs(samples.length - p.frames() * hop) <= hop, "samples " + samples.length);
      double energy = 0;
      for (float s : samples) {
        energy += s * s;
      }
      assertTrue(Math.sqrt(energy / samples.length) > 1e-3, "silent output");
    }
  }
}
