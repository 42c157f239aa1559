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
import java.util.Arrays;

/**
 * Whisper's input features ({@code WhisperFeatureExtractor}, openai-whisper's {@code
 * log_mel_spectrogram}) on the project's log-mel code ({@link MelSpectrogram} with {@link
 * MelConfig#whisper(int)}).
 *
 * <p>The waveform (16 kHz, mono, float samples in [-1, 1]) is padded with zeros or trimmed to the
 * window, 30 s (480,000 samples) unless the model says otherwise ({@link #of(WhisperConfig)}); its
 * log-mel has one frame more than the window, and the last is dropped; then {@code log10(max(mel,
 * 1e-10))}, {@code max(x, max(x) - 8)} per utterance and {@code (x + 4) / 4}. Instances are
 * immutable and thread-safe.
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

  private static final int HOP = 160;
  private static final int N_FFT = 400;
  private static final float LOG10_E = (float) (1 / Math.log(10));

  private final MelSpectrogram mel;
  private final int windowFrames;

  private WhisperFeatures(int nMels, int windowFrames) {
    checkArgument(
        windowFrames >= 2 && windowFrames <= WINDOW_FRAMES && windowFrames % 2 == 0,
        "the window must be an even number of frames in [2, %s], got %s",
        WINDOW_FRAMES,
        windowFrames);
    this.mel = MelSpectrogram.of(MelConfig.whisper(nMels));
    this.windowFrames = windowFrames;
  }

  /**
   * Creates the front end of a 30 s window.
   *
   * @param nMels mel channels ({@code num_mel_bins}: 80, or 128 for large-v3)
   * @return the front end
   */
  public static WhisperFeatures of(int nMels) {
    return new WhisperFeatures(nMels, WINDOW_FRAMES);
  }

  /**
   * Creates the front end of a model: its mel channels and its window of {@code 2 *
   * max_source_positions} frames (30 s for every released model; a small model such as the bundled
   * mini Whisper may take a shorter window, as Hugging Face's {@code chunk_length} allows).
   *
   * @param config the model's geometry; {@code 2 * max_source_positions <= 3000}
   * @return the front end
   * @throws IllegalArgumentException when the window is longer than 30 s
   */
  public static WhisperFeatures of(WhisperConfig config) {
    return new WhisperFeatures(config.numMelBins(), config.melFrames());
  }

  /**
   * Returns the frames of one window.
   *
   * @return {@code 2 * max_source_positions}, 3000 for a 30 s window
   */
  public int windowFrames() {
    return windowFrames;
  }

  /**
   * Returns the samples of one window.
   *
   * @return {@code windowFrames() * 160}, 480,000 for a 30 s window
   */
  public int windowSamples() {
    return windowFrames * HOP;
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
   * @param wave 16 kHz samples, any length (longer than the window is trimmed)
   * @return float32 {@code [1, nMels, windowFrames()]} ({@code [1, nMels, 3000]} for 30 s)
   */
  public NDArray features(NDManager manager, float[] wave) {
    float[] window = wave.length > windowSamples() ? Arrays.copyOf(wave, windowSamples()) : wave;
    return features(manager, new float[][] {window}, windowFrames);
  }

  /**
   * Computes the first {@code frames} frames of each waveform's features: exactly the first frames
   * of {@link #features(NDManager, float[])}, at the cost of the audio the batch needs rather than
   * of the whole window. The STFT runs over the longest waveform plus the frames whose window still
   * reaches it (so the per-utterance maximum is the same), not over the window's samples.
   *
   * @param manager the manager of the result
   * @param waves 16 kHz samples per utterance, each more than 200 (longer than the window, {@link
   *     #windowSamples()}, is trimmed)
   * @param frames {@code F}, even, in {@code [2, windowFrames()]}
   * @return float32 {@code [batch, nMels, F]}
   */
  public NDArray features(NDManager manager, float[][] waves, int frames) {
    checkArgument(waves.length > 0, "no waveforms");
    checkArgument(
        frames >= 2 && frames <= windowFrames && frames % 2 == 0,
        "frames must be even and in [2, %s], got %s",
        windowFrames,
        frames);
    int window = windowSamples();
    int longest = 0;
    for (float[] w : waves) {
      checkArgument(w.length >= MIN_SAMPLES, "need more than 200 samples, got %s", w.length);
      longest = Math.max(longest, Math.min(w.length, window));
    }
    // every frame whose 400-sample window reaches a real sample, and one more of silence
    int reach = ((longest + N_FFT / 2 + HOP - 1) / HOP + 1) * HOP;
    int length = Math.min(window, Math.max(frames * HOP, reach));
    float[] flat = new float[waves.length * length];
    int[] lengths = new int[waves.length];
    for (int b = 0; b < waves.length; b++) {
      System.arraycopy(waves[b], 0, flat, b * length, Math.min(waves[b].length, length));
      lengths[b] = length;
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray batch = scope.create(flat, new Shape(waves.length, length));
      NDArray logMel = mel.logMel(batch, lengths);
      long keep = Math.min(logMel.getShape().get(2), windowFrames);
      NDArray log10 = logMel.get(new NDIndex(":, :, 0:{}", keep)).mul(LOG10_E);
      NDArray floor = log10.max(new int[] {2}, true).max(new int[] {1}, true).sub(8f);
      NDArray out = log10.maximum(floor).add(4f).div(4f).get(new NDIndex(":, :, 0:{}", frames));
      out.attach(manager);
      return out;
    }
  }
}
