package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDManager;
import com.google.common.base.Preconditions;
import java.util.Objects;
import java.util.Random;

/**
 * The Griffin-Lim vocoder: a waveform whose STFT magnitude approaches a target, by alternating
 * projections with momentum, as {@code torchaudio.transforms.GriffinLim} computes it, from a
 * log-mel spectrogram through {@link MelInverse}'s pseudo-inverse filterbank.
 *
 * <p>Every iteration inverts {@code S * angles} ({@link Istft}), takes the STFT of the result
 * ({@code rebuilt}), sets {@code angles = rebuilt - momentum / (1 + momentum) * previous} and
 * normalises it to unit magnitude ({@code angles / (|angles| + 1e-16)}), then {@code previous =
 * rebuilt}; the output is the inverse of {@code S * angles} after the last iteration, {@code hop *
 * (frames - 1)} samples long. Like torchaudio's {@code rand_init=True}, the initial angles have
 * real and imaginary parts uniform in [0, 1); they come from {@link Random} seeded with {@code
 * seed}, so a run is reproducible but not equal to torchaudio's random draw. With {@code
 * randomInit} false they are all 1 ({@code rand_init=False}) and the result equals torchaudio's.
 *
 * @param config the features the log-mel was computed with (rate, FFT, window, hop, filterbank)
 * @param iterations iterations, &gt;= 0 (torchaudio's default 32)
 * @param momentum momentum in [0, 1) (torchaudio's default 0.99)
 * @param randomInit random initial angles (torchaudio's default) rather than all ones
 * @param seed seed of the random initial angles
 */
public record GriffinLim(
    MelConfig config, int iterations, double momentum, boolean randomInit, long seed) {

  /** torchaudio's default iteration count. */
  public static final int DEFAULT_ITERATIONS = 32;

  /** torchaudio's default momentum. */
  public static final double DEFAULT_MOMENTUM = 0.99;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if the iterations are negative or the momentum is outside [0,
   *     1)
   */
  public GriffinLim {
    Objects.requireNonNull(config, "config");
    Preconditions.checkArgument(iterations >= 0, "iterations must be >= 0: %s", iterations);
    Preconditions.checkArgument(
        momentum >= 0 && momentum < 1, "momentum must be in [0, 1): %s", momentum);
  }

  /**
   * Creates the vocoder with torchaudio's defaults: 32 iterations, momentum 0.99, random initial
   * angles (seed 0).
   *
   * @param config the features
   * @return the vocoder
   */
  public static GriffinLim of(MelConfig config) {
    return new GriffinLim(config, DEFAULT_ITERATIONS, DEFAULT_MOMENTUM, true, 0);
  }

  /**
   * Returns a copy with another iteration count.
   *
   * @param count iterations, &gt;= 0
   * @return the vocoder
   */
  public GriffinLim withIterations(int count) {
    return new GriffinLim(config, count, momentum, randomInit, seed);
  }

  /**
   * Returns a copy that starts from all-ones angles (torchaudio's {@code rand_init=False}).
   *
   * @return the vocoder
   */
  public GriffinLim withOnesInit() {
    return new GriffinLim(config, iterations, momentum, false, seed);
  }

  /**
   * Vocodes a log-mel spectrogram.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param logMel log-mel [nMels * frames], C order of [nMels, frames], as {@link
   *     MelSpectrogram#logMel(NDManager, float[])} returns it
   * @return samples [hop * (frames - 1)] at {@link MelConfig#sampleRate()}
   */
  public float[] vocode(NDManager manager, float[] logMel) {
    float[] magnitude = new MelInverse(config).magnitude(logMel);
    return fromMagnitude(manager, magnitude, logMel.length / config.nMels());
  }

  /**
   * Reconstructs a waveform from a linear magnitude spectrogram.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param magnitude magnitude [freqs * frames], C order of [nFft / 2 + 1, frames]
   * @param frames frames; {@code hop * (frames - 1)} must exceed {@code nFft / 2}
   * @return samples [hop * (frames - 1)]
   */
  public float[] fromMagnitude(NDManager manager, float[] magnitude, int frames) {
    int hop = config.hopLength();
    Preconditions.checkArgument(
        (long) hop * (frames - 1) > config.nFft() / 2,
        "%s frames at hop %s are too short for an n_fft of %s",
        frames,
        hop,
        config.nFft());
    float[] window = Stft.window(config.winLength(), config.nFft());
    Istft istft = new Istft(window, hop);
    int cells = magnitude.length;
    float[] angles = new float[cells * 2];
    Random random = new Random(seed);
    for (int i = 0; i < angles.length; i++) {
      angles[i] = randomInit ? random.nextFloat() : i % 2 == 0 ? 1f : 0f;
    }
    float[] previous = new float[cells * 2];
    float alpha = (float) (momentum / (1 + momentum));
    try (NDManager scope = manager.newSubManager()) {
      for (int it = 0; it < iterations; it++) {
        float[] wave = istft.inverse(scope, times(magnitude, angles), frames);
        float[] rebuilt = Stft.interleaved(scope, wave, window, hop);
        for (int i = 0; i < cells; i++) {
          float re = rebuilt[2 * i] - alpha * previous[2 * i];
          float im = rebuilt[2 * i + 1] - alpha * previous[2 * i + 1];
          float norm = (float) (Math.hypot(re, im) + 1e-16);
          angles[2 * i] = re / norm;
          angles[2 * i + 1] = im / norm;
        }
        previous = rebuilt;
      }
      return istft.inverse(scope, times(magnitude, angles), frames);
    }
  }

  private static float[] times(float[] magnitude, float[] angles) {
    float[] out = new float[angles.length];
    for (int i = 0; i < magnitude.length; i++) {
      out[2 * i] = magnitude[i] * angles[2 * i];
      out[2 * i + 1] = magnitude[i] * angles[2 * i + 1];
    }
    return out;
  }
}
