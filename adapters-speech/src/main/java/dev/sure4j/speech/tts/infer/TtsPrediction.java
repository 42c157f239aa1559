package dev.sure4j.speech.tts.infer;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What the model predicts for one text: the refined log-mel spectrogram and, per mel frame, the
 * pitch its variance adaptor used (the token's prediction repeated over the token's frames).
 *
 * @param logMel log-mel {@code [nMels * frames]}, C order of {@code [nMels, frames]}
 * @param pitch predicted pitch per frame {@code [frames]}, in the z-score units of the model's
 *     {@code ln F0} statistics ({@code FeatureStats})
 */
public record TtsPrediction(float[] logMel, float[] pitch) {

  /** Validates that the mel holds whole frames. */
  public TtsPrediction {
    checkArgument(
        pitch.length > 0 && logMel.length % pitch.length == 0,
        "%s mel values are not whole frames of %s pitch frames",
        logMel.length,
        pitch.length);
  }

  /**
   * Returns the predicted frames.
   *
   * @return frames
   */
  public int frames() {
    return pitch.length;
  }

  /**
   * Returns the predicted F0 per frame.
   *
   * @param logF0Mean mean {@code ln F0} of the model's training frames
   * @param logF0Std its standard deviation
   * @return F0 in Hz {@code [frames]}, {@code exp(pitch * std + mean)}
   */
  public float[] f0Hz(double logF0Mean, double logF0Std) {
    float[] out = new float[pitch.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = (float) Math.exp(pitch[t] * logF0Std + logF0Mean);
    }
    return out;
  }
}
