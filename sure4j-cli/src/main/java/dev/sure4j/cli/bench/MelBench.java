package dev.sure4j.cli.bench;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Times {@link MelSpectrogram#logMel(NDManager, float[])} with the HiFi-GAN preset on one second of
 * 22,050 Hz audio (seeded noise; the cost does not depend on the content). Prints the median and
 * minimum of the timed runs in milliseconds after the warm-up runs.
 *
 * <p>Usage: {@code MelBench [runs]} (default 200). One core: {@code -Dai.djl.pytorch.num_threads=1
 * -Dai.djl.pytorch.num_interop_threads=1}.
 */
public final class MelBench {
  private MelBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args the number of timed runs
   */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    MelSpectrogram mel = MelSpectrogram.of(MelConfig.hifigan());
    float[] wave = new float[22_050];
    Random random = new Random(0);
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (0.1 * random.nextGaussian());
    }
    double[] ms = new double[runs];
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int i = 0; i < 50; i++) {
        mel.logMel(manager, wave);
      }
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        mel.logMel(manager, wave);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "log-mel, hifigan preset, 1 s at 22050 Hz (%d runs): median %.2f ms, min %.2f ms%n",
        runs,
        ms[runs / 2],
        ms[0]);
  }
}
