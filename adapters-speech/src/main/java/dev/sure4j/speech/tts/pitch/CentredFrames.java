package dev.sure4j.speech.tts.pitch;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Frames centred on multiples of the hop, as {@code torch.stft(center=True, pad_mode="reflect")}
 * cuts them: frame {@code i} covers samples {@code [i * hop - length / 2, i * hop + length / 2)},
 * with the signal reflected (edge sample not repeated) past its ends. A waveform of {@code n}
 * samples has {@code 1 + n / hop} frames, the frame count of the mel spectrogram with the same hop,
 * so frame {@code i} here is mel frame {@code i}.
 */
public final class CentredFrames {
  private CentredFrames() {}

  /**
   * Returns the number of frames of a waveform.
   *
   * @param samples waveform length in samples, {@code >= 1}
   * @param hop samples between frame centres, {@code >= 1}
   * @return {@code 1 + samples / hop}
   */
  public static int count(int samples, int hop) {
    checkArgument(samples >= 1 && hop >= 1, "need samples >= 1 and hop >= 1: %s, %s", samples, hop);
    return 1 + samples / hop;
  }

  /**
   * Copies one frame.
   *
   * @param wave the waveform [samples], longer than {@code length / 2}
   * @param centre the frame's centre sample ({@code i * hop})
   * @param length frame length in samples
   * @return the frame [length]
   */
  public static float[] frame(float[] wave, int centre, int length) {
    checkArgument(
        wave.length > length / 2,
        "a waveform of %s samples is too short to reflect-pad by %s",
        wave.length,
        length / 2);
    float[] out = new float[length];
    int start = centre - length / 2;
    int last = wave.length - 1;
    for (int k = 0; k < length; k++) {
      int idx = start + k;
      if (idx < 0) {
        idx = -idx;
      } else if (idx > last) {
        idx = 2 * last - idx;
      }
      out[k] = wave[Math.max(0, Math.min(last, idx))];
    }
    return out;
  }
}
