package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;

/**
 * Token-level training targets of the variance adaptor.
 *
 * @param durations frames per token {@code [batch, T]} (integers, 0 on padded tokens); their sum
 *     per utterance is its mel length
 * @param pitch pitch per token {@code [batch, T]}, in the unit of the pitch range (z-scores)
 * @param energy energy per token {@code [batch, T]}, in the unit of the energy range (z-scores)
 */
public record VarianceTargets(NDArray durations, NDArray pitch, NDArray energy) {

  /** Validates the shapes. */
  public VarianceTargets {
    checkArgument(
        durations != null && pitch != null && energy != null,
        "durations, pitch and energy are needed");
    checkArgument(
        durations.getShape().equals(pitch.getShape())
            && durations.getShape().equals(energy.getShape())
            && durations.getShape().dimension() == 2,
        "targets must share one shape [batch, T]: durations %s, pitch %s, energy %s",
        durations.getShape(),
        pitch.getShape(),
        energy.getShape());
  }

  /**
   * Returns the durations as Java integers.
   *
   * @return frames per token, {@code [batch][T]}
   */
  public int[][] durationFrames() {
    return FastSpeechInput.rows(durations);
  }
}
