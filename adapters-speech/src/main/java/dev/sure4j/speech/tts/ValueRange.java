package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A closed range of a variance feature (pitch or energy), over which it is quantised into bins.
 *
 * @param min the lowest boundary, in the feature's unit (z-scores in ming024's preprocessing)
 * @param max the highest boundary, {@code > min}
 */
public record ValueRange(float min, float max) {

  /** Validates the values. */
  public ValueRange {
    checkArgument(
        Float.isFinite(min) && Float.isFinite(max) && min < max,
        "range must be finite with min < max: [%s, %s]",
        min,
        max);
  }

  /**
   * Returns ming024's bin boundaries: {@code linspace(min, max, bins - 1)}.
   *
   * @param bins the bin count, {@code > 1}
   * @return {@code bins - 1} ascending boundaries
   */
  public float[] boundaries(int bins) {
    checkArgument(bins > 1, "bins must be > 1: %s", bins);
    float[] b = new float[bins - 1];
    for (int i = 0; i < b.length; i++) {
      b[i] = b.length == 1 ? min : min + (max - min) * i / (b.length - 1);
    }
    return b;
  }
}
