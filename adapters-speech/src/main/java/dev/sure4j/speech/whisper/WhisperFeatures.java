package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PreprocessorConfig;
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

  /** The sampling rate of the waveform, in Hz. */
  public static final int SAMPLE_RATE = 16_000;

  /** The fewest samples {@link #features} takes. */
  public static final int MIN_SAMPLES = 201;

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
   * Returns the audio pipeline of Whisper's feature extractor: decode, downmix, resample to 16 kHz,
   * no normalisation, more than 200 samples.
   *
   * @param limits the limits files and clips are read within
   * @return the pipeline
   */
  public static AudioPipeline pipeline(InputLimits limits) {
    return AudioPipeline.builder()
        .optConfig(new PreprocessorConfig(false, SAMPLE_RATE, 1, 0f, false))
        .optMinSamples(MIN_SAMPLES)
        .optLimits(limits)
        .build();
  }

  /**
   * Computes the features of one waveform.
   *
   * @param manager the manager of the result
   * @param wave 16 kHz samples, any length (longer than 30 s is trimmed)
   * @return float32 {@code [1, nMels, 3000]}
   */
  public NDArray features(NDManager manager, float[] wave) {
    checkArgument(wave.length >= MIN_SAMPLES, "need more than 200 samples, got %s", wave.length);
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
