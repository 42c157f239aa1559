package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;

/**
 * The short-time Fourier transform of {@code torch.stft(x, n_fft, hop_length, win_length,
 * hann_window(win_length), center=True, pad_mode="reflect", onesided=True)}, run by libtorch
 * through DJL's {@link NDArray#stft}.
 *
 * <p>Centre padding is done here, per waveform of a batch, so a padded batch gives every waveform
 * the frames it would get alone: each waveform is reflect-padded by {@code nFft / 2} samples at its
 * own ends, then zero-padded to the longest row, and libtorch frames the rows without further
 * padding.
 */
final class Stft {
  private Stft() {}

  /**
   * Returns torchaudio's window: a periodic Hann window of {@code winLength} samples centred in
   * {@code nFft} samples, zero outside.
   *
   * @param winLength window length in samples
   * @param nFft FFT size in samples
   * @return the window [nFft]
   */
  static float[] window(int winLength, int nFft) {
    float[] w = new float[nFft];
    int left = (nFft - winLength) / 2;
    for (int n = 0; n < winLength; n++) {
      w[left + n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / winLength));
    }
    return w;
  }

  /**
   * Reflect-pads each waveform of a padded batch by {@code pad} samples on both sides (at its own
   * length) and zero-fills the rest of its row.
   *
   * @param waves samples [batch * samples], row-major
   * @param samples the row length of {@code waves}
   * @param lengths valid samples per row, each in ({@code pad}, samples]
   * @param pad samples added on each side
   * @return samples [batch * (samples + 2 * pad)], row-major
   */
  static float[] reflectPad(float[] waves, int samples, int[] lengths, int pad) {
    int row = samples + 2 * pad;
    float[] out = new float[lengths.length * row];
    for (int b = 0; b < lengths.length; b++) {
      int n = lengths[b];
      Preconditions.checkArgument(
          n > pad && n <= samples,
          "waveform %s has %s samples: reflect padding by %s needs more than %s and at most the"
              + " batch length %s",
          b,
          n,
          pad,
          pad,
          samples);
      int in = b * samples;
      int o = b * row;
      for (int i = 0; i < pad; i++) {
        out[o + i] = waves[in + pad - i];
        out[o + pad + n + i] = waves[in + n - 2 - i];
      }
      System.arraycopy(waves, in, out, o + pad, n);
    }
    return out;
  }

  /**
   * Computes the complex spectrum of already padded rows.
   *
   * @param manager the manager of the result
   * @param padded samples [batch * row], row-major, from {@link #reflectPad}
   * @param batch rows
   * @param window the window [nFft]
   * @param hop samples between frames
   * @return the complex64 spectrum [batch, nFft / 2 + 1, frames], {@code frames = 1 + (row - nFft)
   *     / hop}
   */
  static NDArray complex(NDManager manager, float[] padded, int batch, float[] window, int hop) {
    NDArray rows = manager.create(padded, new Shape(batch, padded.length / batch));
    NDArray w = manager.create(window);
    return rows.stft(window.length, hop, false, w, false, true);
  }

  /**
   * Computes the complex spectrum of one waveform with centre reflect padding.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param wave samples [samples], more than {@code nFft / 2}
   * @param window the window [nFft]
   * @param hop samples between frames
   * @return interleaved real and imaginary parts [freqs * frames * 2], C order of [nFft / 2 + 1,
   *     frames, 2], {@code frames = 1 + samples / hop} for even nFft
   */
  static float[] interleaved(NDManager manager, float[] wave, float[] window, int hop) {
    float[] padded = reflectPad(wave, wave.length, new int[] {wave.length}, window.length / 2);
    try (NDManager scope = manager.newSubManager()) {
      return complex(scope, padded, 1, window, hop).real().toFloatArray();
    }
  }

  /**
   * Computes the magnitude spectrum of one waveform with centre reflect padding.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param wave samples [samples], more than {@code nFft / 2}
   * @param window the window [nFft]
   * @param hop samples between frames
   * @return {@code |X|} [freqs * frames], C order of [nFft / 2 + 1, frames]
   */
  static float[] magnitude(NDManager manager, float[] wave, float[] window, int hop) {
    float[] c = interleaved(manager, wave, window, hop);
    float[] out = new float[c.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) Math.hypot(c[2 * i], c[2 * i + 1]);
    }
    return out;
  }
}
