package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;

/**
 * Whisper's input features ({@code WhisperFeatureExtractor}, openai-whisper's {@code
 * log_mel_spectrogram}) on the project's log-mel code ({@link MelSpectrogram} with {@link
 * MelConfig#whisper(int)}).
 *
 * <p>The waveform (16 kHz, mono, float samples in [-1, 1]) is padded with zeros or trimmed to 30 s
 * (480,000 samples); its log-mel has 3001 frames, of which the last is dropped; then {@code
 * log10(max(mel, 1e-10))}, {@code max(x, max(x) - 8)} per utterance and {@code (x + 4) / 4}.
 * Instances are immutable and thread-safe.
 */
public final class WhisperFeatures {

  /** Samples of one 30 s window at 16 kHz. */
  public static final int WINDOW_SAMPLES = 480_000;

  /** Frames of one 30 s window. */
  public static final int WINDOW_FRAMES = 3000;

  private static final float LOG10_E = (float) (1 / Math.log(10));

  private final MelSpectrogram mel;

  private WhisperFeatures(int nMels) {
    this.mel = MelSpectrogram.of(MelConfig.whisper(nMels));
  }

  /**
   * Creates the front end.
   *
   * @param nMels mel channels ({@code num_mel_bins}: 80, or 128 for large-v3)
   * @return the front end
   */
  public static WhisperFeatures of(int nMels) {
    return new WhisperFeatures(nMels);
  }

  /**
   * Returns the mel channels.
   *
   * @return {@code n_mels}
   */
  public int nMels() {
    return mel.config().nMels();
  }

  /**
   * Computes the features of one waveform.
   *
   * @param manager the manager of the result
   * @param wave 16 kHz samples, any length (longer than 30 s is trimmed)
   * @return float32 {@code [1, nMels, 3000]}
   */
  public NDArray features(NDManager manager, float[] wave) {
    checkArgument(wave.length > 200, "need more than 200 samples, got %s", wave.length);
    float[] window = new float[WINDOW_SAMPLES];
    System.arraycopy(wave, 0, window, 0, Math.min(wave.length, WINDOW_SAMPLES));
    try (NDManager scope = manager.newSubManager()) {
      NDArray waves = scope.create(window, new Shape(1, WINDOW_SAMPLES));
      NDArray logMel = mel.logMel(waves, new int[] {WINDOW_SAMPLES});
      NDArray log10 = logMel.get(new NDIndex(":, :, 0:{}", WINDOW_FRAMES)).mul(LOG10_E);
      NDArray floor = log10.max().sub(8f);
      NDArray out = log10.maximum(floor).add(4f).div(4f);
      out.attach(manager);
      return out;
    }
  }
}
