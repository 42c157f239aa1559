package dev.sure4j.speech.vocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures milliseconds per second of 22,050 Hz audio, random weights, batch 1; skipped unless
 * {@code -Dsure4j.bench=true} (the numbers in docs/synthesis-hifigan.md come from here).
 */
@EnabledIfSystemProperty(named = "sure4j.bench", matches = "true")
class HifiGanSpeedTest {

  private static final int WARMUP = 10;
  private static final int REPEATS = 20;

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "v1"})
  void millisecondsPerSecondOfAudio(String geometry) {
    HifiGanConfig config =
        geometry.equals("v1") ? HifiGanConfig.parse(HifiGanConfigTest.V1) : HifiGanConfigTest.TINY;
    int frames = (config.samplingRate() + config.hopLength() - 1) / config.hopLength();
    try (NDManager m = NDManager.newBaseManager()) {
      HifiGan vocoder = HifiGan.initialise(config, m);
      NDArray mel = m.randomNormal(new Shape(1, config.numMels(), frames)).sub(5f);
      double[] ms = new double[REPEATS];
      for (int i = -WARMUP; i < REPEATS; i++) {
        long t0 = System.nanoTime();
        NDArray wave = vocoder.vocode(mel);
        float first = wave.getFloat(0, 0);
        long t1 = System.nanoTime();
        assertEquals((long) frames * config.hopLength(), wave.getShape().get(1), "" + first);
        wave.close();
        if (i >= 0) {
          ms[i] = (t1 - t0) / 1e6;
        }
      }
      Arrays.sort(ms);
      double seconds = (double) frames * config.hopLength() / config.samplingRate();
      System.out.printf(
          "HiFi-GAN %s: %d frames, %.3f s of audio, median %.1f ms (%.1f ms per second of audio),"
              + " min %.1f ms, %d cores%n",
          geometry,
          frames,
          seconds,
          ms[REPEATS / 2],
          ms[REPEATS / 2] / seconds,
          ms[0],
          Runtime.getRuntime().availableProcessors());
    }
  }
}
