package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDManager;

/**
 * Log-spectral distance (LSD) between two time-aligned waveforms, in dB.
 *
 * <p>Both waveforms get the STFT of a {@link MelConfig} (its n_fft, window, hop and f_max; default
 * {@link MelConfig#hifigan()}), power spectra {@code P = |X|^2} floored at 1e-10, and over the
 * first {@code T = min(frames, frames')} frames
 *
 * <pre>
 *   LSD = (1 / T) * sum_t sqrt( (1 / K) * sum_k (10 log10 P_t,k - 10 log10 P'_t,k)^2 )   [dB]
 * </pre>
 *
 * <p>with {@code K = n_fft / 2 + 1} bins. There is no time alignment: use it for signals of the
 * same timeline, such as a vocoder's resynthesis of a recording.
 */
public final class LogSpectralDistance {
  private static final double FLOOR = 1e-10;

  private LogSpectralDistance() {}

  /**
   * Computes the LSD with the HiFi-GAN STFT (n_fft 1024, win 1024, hop 256) up to 8000 Hz.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param reference samples [samples]
   * @param other samples [samples']
   * @return the LSD in dB, &gt;= 0
   */
  public static double between(NDManager manager, float[] reference, float[] other) {
    return between(manager, MelConfig.hifigan(), reference, other);
  }

  /**
   * Computes the LSD.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param config supplies n_fft, window length, hop, sample rate and f_max
   * @param reference samples [samples], more than n_fft / 2
   * @param other samples [samples'], more than n_fft / 2
   * @return the LSD in dB, &gt;= 0
   */
  public static double between(
      NDManager manager, MelConfig config, float[] reference, float[] other) {
    float[] window = Stft.window(config.winLength(), config.nFft());
    int hop = config.hopLength();
    float[] a = Stft.magnitude(manager, reference, window, hop);
    float[] b = Stft.magnitude(manager, other, window, hop);
    int bins = config.frequencyBins();
    int framesA = a.length / bins;
    int framesB = b.length / bins;
    int frames = Math.min(framesA, framesB);
    int band =
        (int) Math.min(bins, Math.floor(config.fMax() * config.nFft() / config.sampleRate()) + 1);
    double total = 0;
    for (int t = 0; t < frames; t++) {
      double sum = 0;
      for (int k = 0; k < band; k++) {
        double d = decibels(a[k * framesA + t]) - decibels(b[k * framesB + t]);
        sum += d * d;
      }
      total += Math.sqrt(sum / band);
    }
    return total / frames;
  }

  private static double decibels(float magnitude) {
    return 10 * Math.log10(Math.max((double) magnitude * magnitude, FLOOR));
  }
}
