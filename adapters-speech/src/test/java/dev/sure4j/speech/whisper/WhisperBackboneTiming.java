package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times one inference forward of {@link WhisperBackbone} (front end included) at 2 s and 30 s of
 * audio, padded to 30 s and sliced, on the tiny test model and on random weights of whisper-base's
 * geometry (d_model 512, 6 encoder layers, 8 heads, ffn 2048). Runs only when asked:
 *
 * <pre>
 * mvn -B -q -o test -pl adapters-speech -Dtest=WhisperBackboneTiming -Dsure4j.timing=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "sure4j.timing", matches = "true")
class WhisperBackboneTiming extends ManagedTest {

  private static final int RUNS = 3;

  @Test
  void timeOneForward() {
    WhisperConfig tiny = WhisperConfig.fromFile(WhisperFixtures.model().resolve("config.json"));
    WhisperConfig base =
        tiny.toBuilder().optDModel(512).optLayers(6, 1).optHeads(8).optFfnDim(2048).build();
    for (WhisperConfig c : new WhisperConfig[] {tiny, base}) {
      for (WhisperWindow w : WhisperWindow.values()) {
        WhisperBackbone b = new WhisperBackbone(c, w);
        b.initialize(manager, DataType.FLOAT32, new Shape(1, 32_000));
        for (int seconds : new int[] {2, 30}) {
          System.out.printf(
              "d_model %d, %d layers, %s, %2d s: %.1f ms (median of %d, after one warm-up)%n",
              c.dModel(), c.encoderLayers(), w.id(), seconds, millis(b, seconds), RUNS);
        }
      }
    }
  }

  @Test
  void timeTheFrontEnd() {
    WhisperFeatures f = WhisperFeatures.of(80);
    for (int seconds : new int[] {2, 30}) {
      float[] wave = new float[seconds * 16_000];
      for (int i = 0; i < wave.length; i++) {
        wave[i] = (float) (0.1 * Math.sin(i * 0.05));
      }
      for (int frames : new int[] {2 * ((seconds * 16_000 + 319) / 320), 3000}) {
        double[] t = new double[RUNS];
        for (int r = -1; r < RUNS; r++) {
          try (NDManager scope = manager.newSubManager()) {
            long start = System.nanoTime();
            f.features(scope, new float[][] {wave}, frames).toFloatArray();
            if (r >= 0) {
              t[r] = (System.nanoTime() - start) / 1e6;
            }
          }
        }
        Arrays.sort(t);
        System.out.printf(
            "front end, %2d s of audio, %4d frames: %.1f ms (median of %d)%n",
            seconds, frames, t[RUNS / 2], RUNS);
      }
    }
  }

  private double millis(WhisperBackbone b, int seconds) {
    double[] t = new double[RUNS];
    for (int r = -1; r < RUNS; r++) {
      try (NDManager scope = manager.newSubManager()) {
        float[] wave = new float[seconds * 16_000];
        for (int i = 0; i < wave.length; i++) {
          wave[i] = (float) (0.1 * Math.sin(i * 0.05));
        }
        NDList in = new NDList(scope.create(wave, new Shape(1, wave.length)));
        long start = System.nanoTime();
        NDList out = b.forward(new ParameterStore(scope, false), in, false);
        out.get(0).toFloatArray();
        if (r >= 0) {
          t[r] = (System.nanoTime() - start) / 1e6;
        }
        assertEquals(b.numHiddenLayers() + 3, out.size());
      }
    }
    Arrays.sort(t);
    return t[RUNS / 2];
  }
}
