package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.whisper.WhisperModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The random initial model of {@code whisper-pretrain} and the trained model it writes. */
class WhisperModelFilesTest {

  @TempDir Path tmp;

  @Test
  void theInitialModelLoadsWithHuggingFacesInitialisation() throws Exception {
    Path dir = tmp.resolve("init");
    WhisperModelFiles.writeInitial(TrainFixtures.model(), dir, 7);
    for (String f :
        new String[] {"config.json", "vocab.json", "merges.txt", "generation_config.json"}) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      WhisperModel model = WhisperModel.load(dir, m);
      Map<String, Parameter> p = StateDict.of(model, "");
      // tiny-random: d_model 32, 1500 source positions, 382 tokens
      float[] pos = p.get("model.encoder.embed_positions.weight").getArray().toFloatArray();
      assertEquals(1500 * 32, pos.length);
      assertEquals(0f, pos[0], 1e-7f); // sin(0)
      assertEquals(1f, pos[16], 1e-7f); // cos(0)
      assertEquals(0.841471f, pos[32], 1e-6f); // t = 1, i = 0: sin(1)
      assertEquals(0.540302f, pos[32 + 16], 1e-6f); // cos(1)
      assertEquals(Math.sin(1e-4), pos[32 + 15], 1e-7); // last frequency 1 / 10000
      double std = std(p.get("model.decoder.embed_tokens.weight").getArray().toFloatArray());
      assertTrue(std > 0.017 && std < 0.023, "embed_tokens std " + std);
    }
  }

  @Test
  void theSeedDecidesTheWeights() throws Exception {
    WhisperModelFiles.writeInitial(TrainFixtures.model(), tmp.resolve("a"), 1);
    WhisperModelFiles.writeInitial(TrainFixtures.model(), tmp.resolve("b"), 1);
    WhisperModelFiles.writeInitial(TrainFixtures.model(), tmp.resolve("c"), 2);
    byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(WhisperModelFiles.WEIGHTS));
    byte[] b = Files.readAllBytes(tmp.resolve("b").resolve(WhisperModelFiles.WEIGHTS));
    byte[] c = Files.readAllBytes(tmp.resolve("c").resolve(WhisperModelFiles.WEIGHTS));
    assertTrue(java.util.Arrays.equals(a, b));
    assertFalse(java.util.Arrays.equals(a, c));
  }

  @Test
  void aSavedModelReloadsWithTheSameParameters() throws Exception {
    Path out = tmp.resolve("saved");
    try (NDManager m = NDManager.newBaseManager()) {
      WhisperModel model = WhisperModel.load(TrainFixtures.model(), m);
      WhisperModelFiles.save(model, TrainFixtures.model(), out);
      WhisperModel back = WhisperModel.load(out, m);
      Map<String, Parameter> a = StateDict.of(model, "");
      Map<String, Parameter> b = StateDict.of(back, "");
      assertEquals(a.keySet(), b.keySet());
      for (String name : a.keySet()) {
        assertTrue(
            a.get(name).getArray().contentEquals(b.get(name).getArray()), "parameter " + name);
      }
    }
  }

  @Test
  void aTemplateWithoutConfigIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WhisperModelFiles.writeInitial(tmp, tmp.resolve("x"), 0));
    assertTrue(e.getMessage().contains("config.json"), e.getMessage());
  }

  private static double std(float[] x) {
    double mean = 0;
    for (float v : x) {
      mean += v / (double) x.length;
    }
    double var = 0;
    for (float v : x) {
      var += (v - mean) * (v - mean) / x.length;
    }
    return Math.sqrt(var);
  }
}
