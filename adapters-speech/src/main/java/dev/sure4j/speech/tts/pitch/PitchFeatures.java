package dev.sure4j.speech.tts.pitch;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The pitch targets of FastSpeech 2 (ming024/FastSpeech2 {@code preprocessor.py}) from a {@link
 * PitchTrack}: F0 linearly interpolated over unvoiced frames (held flat before the first and after
 * the last voiced frame), its natural log, and the per-speaker or corpus z-score of that log.
 */
public final class PitchFeatures {
  private PitchFeatures() {}

  /**
   * Fills unvoiced frames by linear interpolation between the voiced neighbours.
   *
   * @param track the F0 track
   * @return F0 in Hz {@code [frames]}, all positive; all zero when no frame is voiced
   */
  public static float[] interpolated(PitchTrack track) {
    float[] f0 = track.f0();
    boolean[] voiced = track.voiced();
    int previous = -1;
    for (int i = 0; i <= f0.length; i++) {
      if (i < f0.length && !voiced[i]) {
        continue;
      }
      int from = previous + 1;
      for (int k = from; k < i; k++) {
        if (previous < 0 && i == f0.length) {
          break; // nothing voiced
        } else if (previous < 0) {
          f0[k] = f0[i];
        } else if (i == f0.length) {
          f0[k] = f0[previous];
        } else {
          double w = (double) (k - previous) / (i - previous);
          f0[k] = (float) ((1 - w) * f0[previous] + w * f0[i]);
        }
      }
      previous = i;
    }
    return f0;
  }

  /**
   * Returns the natural log of an F0 contour.
   *
   * @param f0 Hz {@code [frames]}, each {@code > 0}
   * @return {@code ln F0} {@code [frames]}
   */
  public static float[] log(float[] f0) {
    float[] out = new float[f0.length];
    for (int i = 0; i < f0.length; i++) {
      checkArgument(f0[i] > 0, "F0 at frame %s must be > 0 Hz: %s", i, Float.valueOf(f0[i]));
      out[i] = (float) Math.log(f0[i]);
    }
    return out;
  }

  /**
   * Returns the z-score of values.
   *
   * @param values values {@code [frames]}
   * @param mean the mean of the statistics (e.g. of a speaker's log F0)
   * @param std their standard deviation, {@code > 0}
   * @return {@code (v - mean) / std} {@code [frames]}
   */
  public static float[] normalised(float[] values, double mean, double std) {
    checkArgument(std > 0, "standard deviation must be > 0: %s", std);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) ((values[i] - mean) / std);
    }
    return out;
  }
}
