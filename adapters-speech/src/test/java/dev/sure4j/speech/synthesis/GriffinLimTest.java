package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.audio.Npy;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("parity")
class GriffinLimTest extends ManagedTest {
  @Test
  void matchesTorchaudioFromOnesInit() throws Exception {
    MelConfig config = MelConfig.hifigan();
    float[] b = MelSpectrogramParityTest.clip("speech_b.wav").channel(0);
    float[] window = Stft.window(1024, 1024);
    float[] magnitude = Stft.magnitude(manager, b, window, 256);
    int frames = config.frames(b.length);
    float[] actual =
        new GriffinLim(config, 16, 0.99, false, 0).fromMagnitude(manager, magnitude, frames);
    float[] expected = Npy.read("mel/speech_b_griffinlim16.npy").data();
    Npy.assertMaxAbsDiffBelow(
        "Griffin-Lim 16 iterations, ones init, " + actual.length + " samples",
        "torchaudio",
        actual,
        expected,
        1e-4);
  }

  @Test
  void istftInvertsTheStft() {
    float[] x = new float[256 * 40];
    Random random = new Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] window = Stft.window(800, 1024);
    float[] y =
        new Istft(window, 256).inverse(manager, Stft.interleaved(manager, x, window, 256), 41);
    assertEquals(x.length, y.length);
    double diff = Npy.maxAbsDiff(x, y);
    assertTrue(diff < 1e-5, "istft(stft(x)) differs from x by " + diff);
  }

  @Test
  void pseudoInverseRecoversSpectraInTheFilterbankRowSpace() {
    // s = W^T y with y >= 0 lies in the row space of W, so pinv(W) W s = s
    MelConfig config = MelConfig.hifigan();
    double[][] w = MelFilterbank.matrix(config);
    int frames = 3;
    Random random = new Random(2);
    double[][] y = new double[80][frames];
    for (double[] row : y) {
      for (int t = 0; t < frames; t++) {
        row[t] = random.nextDouble();
      }
    }
    float[] logMel = new float[80 * frames];
    float[] expected = new float[513 * frames];
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < 513; k++) {
        double s = 0;
        for (int m = 0; m < 80; m++) {
          s += w[m][k] * y[m][t];
        }
        expected[k * frames + t] = (float) s;
      }
      for (int m = 0; m < 80; m++) {
        double mel = 0;
        for (int k = 0; k < 513; k++) {
          mel += w[m][k] * expected[k * frames + t];
        }
        logMel[m * frames + t] = (float) Math.log(mel);
      }
    }
    float[] actual = new MelInverse(config).magnitude(logMel);
    double diff = Npy.maxAbsDiff(actual, expected);
    double peak = 0;
    for (float v : expected) {
      peak = Math.max(peak, v);
    }
    assertTrue(diff < 1e-4 * peak, "pinv(W) W s differs from s by " + diff + ", peak " + peak);
  }

  @Test
  void moreIterationsBringTheRoundTripCloser() throws Exception {
    MelConfig config = MelConfig.hifigan();
    MelSpectrogram mel = MelSpectrogram.of(config);
    float[] a = mel.prepare(MelSpectrogramParityTest.clip("speech_a.wav"));
    float[] logMel = mel.logMel(manager, a);
    double[] mcd = new double[3];
    double[] lsd = new double[3];
    int[] iterations = {0, 8, 32};
    for (int i = 0; i < 3; i++) {
      float[] y = GriffinLim.of(config).withIterations(iterations[i]).vocode(manager, logMel);
      assertEquals(256 * (config.frames(a.length) - 1), y.length);
      mcd[i] = Mcd.between(manager, config.sampleRate(), a, y);
      lsd[i] = LogSpectralDistance.between(manager, a, y);
      System.out.printf(
          "Griffin-Lim round trip of speech_a.wav, %d iterations: MCD %.3f, LSD %.2f dB%n",
          iterations[i], mcd[i], lsd[i]);
    }
    assertTrue(mcd[2] < mcd[1] && mcd[1] < mcd[0], "MCD does not fall with iterations");
    assertTrue(lsd[2] < lsd[0], "LSD does not fall with iterations");
  }
}
