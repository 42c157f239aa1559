package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;

/**
 * The inverse STFT of {@code torch.istft(X, n_fft, hop_length, win_length, hann_window(win_length),
 * center=True, onesided=True)} without a {@code length}: each frame's inverse real FFT (libtorch,
 * through DJL's {@link NDArray#irfft}) is windowed and overlap-added, the sum is divided by the
 * overlap-added squared window, and {@code nFft / 2} samples are dropped at each end, giving {@code
 * hop * (frames - 1)} samples.
 */
final class Istft {
  private final float[] window;
  private final int hop;

  Istft(float[] window, int hop) {
    this.window = window;
    this.hop = hop;
  }

  /**
   * Inverts a complex spectrogram.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param spectrum interleaved real and imaginary parts [freqs * frames * 2], C order of [nFft / 2
   *     + 1, frames, 2]
   * @param frames frames, &gt;= 2
   * @return samples [hop * (frames - 1)]
   */
  float[] inverse(NDManager manager, float[] spectrum, int frames) {
    int nFft = window.length;
    int freqs = nFft / 2 + 1;
    Preconditions.checkArgument(
        spectrum.length == freqs * frames * 2,
        "spectrum of %s values is not [%s, %s, 2]",
        spectrum.length,
        freqs,
        frames);
    float[] byFrame = new float[spectrum.length];
    for (int k = 0; k < freqs; k++) {
      for (int t = 0; t < frames; t++) {
        int from = (k * frames + t) * 2;
        int to = (t * freqs + k) * 2;
        byFrame[to] = spectrum[from];
        byFrame[to + 1] = spectrum[from + 1];
      }
    }
    float[] segments;
    try (NDManager scope = manager.newSubManager()) {
      NDArray c = scope.create(byFrame, new Shape(frames, freqs, 2)).complex();
      segments = c.irfft(nFft, -1).toFloatArray();
    }
    int total = nFft + hop * (frames - 1);
    double[] sum = new double[total];
    double[] envelope = new double[total];
    for (int t = 0; t < frames; t++) {
      int start = t * hop;
      for (int n = 0; n < nFft; n++) {
        double w = window[n];
        sum[start + n] += segments[t * nFft + n] * w;
        envelope[start + n] += w * w;
      }
    }
    int offset = nFft / 2;
    float[] out = new float[hop * (frames - 1)];
    for (int i = 0; i < out.length; i++) {
      double e = envelope[offset + i];
      if (!(e > 1e-11)) {
        throw new IllegalStateException(
            "window envelope " + e + " at sample " + i + ": the window frames do not overlap");
      }
      out[i] = (float) (sum[offset + i] / e);
    }
    return out;
  }
}
