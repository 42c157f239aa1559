package dev.sure4j.speech.tts.pitch;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.pretrain.Fft;
import java.util.Arrays;

/**
 * The energy target of FastSpeech 2 ({@code torch.norm(magnitudes, dim=1)} in ming024/FastSpeech2):
 * the L2 norm over frequency of each STFT magnitude frame, {@code E_i = sqrt(sum_k |X_i[k]|^2)},
 * with a periodic Hann window of {@code nFft} samples and centred frames ({@link CentredFrames}),
 * so energy frame {@code i} is mel frame {@code i} of the same hop.
 */
public final class FrameEnergy {
  private FrameEnergy() {}

  /**
   * Computes the energy per frame.
   *
   * @param wave mono samples [samples], more than {@code nFft / 2}
   * @param nFft FFT size and window length in samples, a power of two (1024 for FastSpeech 2)
   * @param hop samples between frame centres (256 for FastSpeech 2)
   * @return energy {@code [1 + samples / hop]}, in the waveform's amplitude units times samples
   */
  public static float[] compute(float[] wave, int nFft, int hop) {
    checkArgument(
        nFft >= 2 && Integer.bitCount(nFft) == 1, "n_fft must be a power of two: %s", nFft);
    double[] window = new double[nFft];
    for (int n = 0; n < nFft; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / nFft);
    }
    int frames = CentredFrames.count(wave.length, hop);
    float[] out = new float[frames];
    double[] re = new double[nFft];
    double[] im = new double[nFft];
    for (int i = 0; i < frames; i++) {
      float[] frame = CentredFrames.frame(wave, i * hop, nFft);
      for (int n = 0; n < nFft; n++) {
        re[n] = frame[n] * window[n];
      }
      Arrays.fill(im, 0);
      Fft.forward(re, im);
      double sum = 0;
      for (int k = 0; k <= nFft / 2; k++) {
        sum += re[k] * re[k] + im[k] * im[k];
      }
      out[i] = (float) Math.sqrt(sum);
    }
    return out;
  }
}
