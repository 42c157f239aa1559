package dev.sure4j.speech.tts.pitch;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Settings of the {@link Yin} F0 tracker, named as librosa's {@code yin}.
 *
 * @param sampleRate audio rate in Hz
 * @param frameLength analysis frame in samples ({@code frame_length}); the difference function
 *     integrates over its first half ({@code win_length = frame_length / 2}) and lags up to the
 *     other half
 * @param hopLength samples between frame centres ({@code hop_length})
 * @param fMin lowest F0 in Hz ({@code fmin}); its period must fit in half a frame
 * @param fMax highest F0 in Hz ({@code fmax}), below the Nyquist frequency
 * @param threshold absolute threshold on the cumulative mean normalised difference ({@code
 *     trough_threshold}); a frame is voiced when a dip falls below it
 */
public record YinConfig(
    int sampleRate, int frameLength, int hopLength, double fMin, double fMax, double threshold) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a size is not positive, the lag range is empty or does not
   *     fit in the frame, or the threshold is outside (0, 1)
   */
  public YinConfig {
    checkArgument(sampleRate > 0, "sample rate must be > 0 Hz: %s", sampleRate);
    checkArgument(frameLength >= 4, "frame length must be >= 4 samples: %s", frameLength);
    checkArgument(hopLength > 0, "hop length must be > 0 samples: %s", hopLength);
    checkArgument(
        fMin > 0 && fMin < fMax && fMax < sampleRate / 2.0,
        "need 0 < f_min < f_max < %s Hz: f_min %s, f_max %s",
        sampleRate / 2.0,
        fMin,
        fMax);
    checkArgument(
        Math.ceil(sampleRate / fMin) < frameLength - frameLength / 2,
        "the period of f_min %s Hz (%s samples) must be shorter than half the frame (%s)",
        fMin,
        Math.ceil(sampleRate / fMin),
        frameLength - frameLength / 2);
    checkArgument(threshold > 0 && threshold < 1, "threshold must be in (0, 1): %s", threshold);
  }

  /**
   * The TTS preset: 22,050 Hz, frames of 1024 samples every 256 (the HiFi-GAN / FastSpeech 2 mel
   * hop, so pitch frame {@code i} is mel frame {@code i}), F0 in 60-800 Hz, threshold 0.1.
   *
   * @return the preset
   */
  public static YinConfig tts() {
    return new YinConfig(22050, 1024, 256, 60, 800, 0.1);
  }

  /**
   * Returns the shortest lag searched, {@code floor(sampleRate / fMax)}, at least 1.
   *
   * @return the lag in samples
   */
  public int minLag() {
    return Math.max(1, (int) Math.floor(sampleRate / fMax));
  }

  /**
   * Returns the longest lag searched, {@code ceil(sampleRate / fMin)}.
   *
   * @return the lag in samples
   */
  public int maxLag() {
    return (int) Math.ceil(sampleRate / fMin);
  }
}
