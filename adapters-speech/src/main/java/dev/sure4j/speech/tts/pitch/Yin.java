package dev.sure4j.speech.tts.pitch;

/**
 * The YIN F0 estimator (de Cheveigné and Kawahara 2002), frame by frame on centred frames ({@link
 * CentredFrames}), so a track has one value per mel frame of the same hop.
 *
 * <p>For a frame {@code x} of {@code L} samples and integration window {@code W = L / 2}: the
 * difference {@code d(tau) = sum_{j<W} (x[j] - x[j + tau])^2}, the cumulative mean normalised
 * difference {@code d'(0) = 1, d'(tau) = d(tau) * tau / sum_{k=1..tau} d(k)}; the period is the
 * first lag in {@code [minLag, maxLag]} where {@code d'} falls below the threshold, followed down
 * to its local minimum and refined by parabolic interpolation, and {@code F0 = sampleRate /
 * period}. A frame with no such dip (noise), or with no signal at all, is unvoiced.
 */
public final class Yin {
  private Yin() {}

  /**
   * Tracks F0.
   *
   * @param wave mono samples [samples] at {@code config.sampleRate()}, longer than half a frame
   * @param config the tracker settings
   * @return one value per frame, {@code 1 + samples / hop} frames
   */
  public static PitchTrack track(float[] wave, YinConfig config) {
    int frames = CentredFrames.count(wave.length, config.hopLength());
    float[] f0 = new float[frames];
    boolean[] voiced = new boolean[frames];
    for (int i = 0; i < frames; i++) {
      float[] x = CentredFrames.frame(wave, i * config.hopLength(), config.frameLength());
      double period = period(x, config);
      if (period > 0) {
        f0[i] = (float) (config.sampleRate() / period);
        voiced[i] = true;
      }
    }
    return new PitchTrack(f0, voiced);
  }

  /** Returns the period of one frame in samples (fractional), or 0 when unvoiced. */
  private static double period(float[] x, YinConfig config) {
    double[] cmnd = cumulativeMeanNormalisedDifference(x, config.maxLag() + 1);
    if (cmnd == null) {
      return 0;
    }
    int maxLag = config.maxLag();
    for (int tau = config.minLag(); tau <= maxLag; tau++) {
      if (cmnd[tau] < config.threshold()) {
        while (tau + 1 <= maxLag && cmnd[tau + 1] < cmnd[tau]) {
          tau++;
        }
        return refine(cmnd, tau);
      }
    }
    return 0;
  }

  /** Returns {@code d'(0..lags)} or null when the frame is silent (all differences zero). */
  private static double[] cumulativeMeanNormalisedDifference(float[] x, int lags) {
    int w = x.length / 2;
    double[] d = new double[lags + 1];
    for (int tau = 1; tau <= lags; tau++) {
      double s = 0;
      for (int j = 0; j < w; j++) {
        double diff = x[j] - x[j + tau];
        s += diff * diff;
      }
      d[tau] = s;
    }
    double[] out = new double[lags + 1];
    out[0] = 1;
    double running = 0;
    for (int tau = 1; tau <= lags; tau++) {
      running += d[tau];
      out[tau] = running > 0 ? d[tau] * tau / running : 1;
    }
    return running > 0 ? out : null;
  }

  /** Parabolic interpolation of the minimum around {@code tau}. */
  private static double refine(double[] y, int tau) {
    if (tau < 1 || tau + 1 >= y.length) {
      return tau;
    }
    double a = y[tau - 1];
    double b = y[tau];
    double c = y[tau + 1];
    double denominator = a - 2 * b + c;
    if (denominator <= 0) {
      return tau;
    }
    return tau + 0.5 * (a - c) / denominator;
  }
}
