package dev.sure4j.speech.tts.pitch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FrameEnergy} against closed forms and a direct DFT. */
class FrameEnergyTest {

  @Test
  void sineOnABinHasTheHannClosedForm() {
    // A sine of amplitude A on bin k under a periodic Hann window of N samples has |X[k]| = A N / 4
    // and |X[k +- 1]| = A N / 8, zero elsewhere: E = (A N / 4) sqrt(1 + 2 / 16 * 4) = A N
    // sqrt(1.5)/4
    int n = 1024;
    int k = 32;
    double a = 0.5;
    float[] wave = new float[22050];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (a * Math.sin(2 * Math.PI * k * i / n));
    }
    float[] energy = FrameEnergy.compute(wave, n, 256);
    assertEquals(1 + 22050 / 256, energy.length);
    double expected = a * n * Math.sqrt(1.5) / 4;
    for (int i = 2; i < energy.length - 2; i++) {
      assertEquals(expected, energy[i], expected * 1e-4, "frame " + i);
    }
  }

  @Test
  void framesAreTheMelFramesOfTheSameHop() {
    MelSpectrogram mel = MelSpectrogram.of(MelConfig.hifigan());
    Random random = new Random(2);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int samples : new int[] {600, 1000, 22050, 22051, 22271}) {
        float[] wave = new float[samples];
        for (int i = 0; i < samples; i++) {
          wave[i] = (float) (0.1 * random.nextGaussian());
        }
        int melFrames = mel.logMel(m, wave).length / MelConfig.hifigan().nMels();
        assertEquals(melFrames, FrameEnergy.compute(wave, 1024, 256).length, "samples " + samples);
        assertEquals(melFrames, Yin.track(wave, YinConfig.tts()).frames(), "samples " + samples);
      }
    }
  }

  @Test
  void silenceHasZeroEnergy() {
    for (float e : FrameEnergy.compute(new float[4000], 1024, 256)) {
      assertEquals(0f, e);
    }
  }

  @Test
  void interiorFrameMatchesADirectDft() {
    Random random = new Random(9);
    float[] wave = new float[3000];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) random.nextGaussian();
    }
    int n = 256;
    int hop = 64;
    int frame = 10; // samples [640 - 128, 640 + 128)
    double sum = 0;
    for (int f = 0; f <= n / 2; f++) {
      double re = 0;
      double im = 0;
      for (int j = 0; j < n; j++) {
        double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * j / n);
        double x = wave[frame * hop - n / 2 + j] * w;
        re += x * Math.cos(2 * Math.PI * f * j / n);
        im -= x * Math.sin(2 * Math.PI * f * j / n);
      }
      sum += re * re + im * im;
    }
    float[] energy = FrameEnergy.compute(wave, n, hop);
    assertEquals(Math.sqrt(sum), energy[frame], Math.sqrt(sum) * 1e-5);
  }
}
