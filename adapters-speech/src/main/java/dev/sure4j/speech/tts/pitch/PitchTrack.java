package dev.sure4j.speech.tts.pitch;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A frame-level F0 contour. Immutable (the arrays are copied in and out).
 *
 * @param f0 F0 in Hz per frame {@code [frames]}; 0 on unvoiced frames
 * @param voiced whether each frame is voiced {@code [frames]}
 */
public record PitchTrack(float[] f0, boolean[] voiced) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the lengths differ or a voiced frame has no positive F0
   */
  public PitchTrack {
    checkArgument(
        f0.length == voiced.length, "f0 has %s frames but voiced has %s", f0.length, voiced.length);
    f0 = f0.clone();
    voiced = voiced.clone();
    for (int i = 0; i < f0.length; i++) {
      checkArgument(
          !voiced[i] || f0[i] > 0, "voiced frame %s has F0 %s Hz", i, Float.valueOf(f0[i]));
    }
  }

  /**
   * Returns the F0 per frame.
   *
   * @return Hz {@code [frames]}, 0 where unvoiced
   */
  @Override
  public float[] f0() {
    return f0.clone();
  }

  /**
   * Returns the voicing per frame.
   *
   * @return {@code [frames]}
   */
  @Override
  public boolean[] voiced() {
    return voiced.clone();
  }

  /**
   * Returns the number of frames.
   *
   * @return frames
   */
  public int frames() {
    return f0.length;
  }
}
