package dev.sure4j.speech.tts.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Corpus statistics that turn pitch and energy into the z-scores the variance adaptor predicts
 * (FastSpeech 2's {@code stats.json}).
 *
 * @param pitchMean mean {@code ln F0} over all training frames
 * @param pitchStd its standard deviation, &gt; 0
 * @param energyMean mean energy over all training frames
 * @param energyStd its standard deviation, &gt; 0
 */
public record FeatureStats(double pitchMean, double pitchStd, double energyMean, double energyStd) {

  /** Validates the deviations. */
  public FeatureStats {
    checkArgument(
        pitchStd > 0 && energyStd > 0,
        "standard deviations must be > 0: pitch %s, energy %s",
        pitchStd,
        energyStd);
  }

  /**
   * Computes the statistics over every frame of the utterances.
   *
   * @param utterances the training features, at least one
   * @return the statistics; a deviation of 0 becomes 1
   */
  public static FeatureStats of(List<UtteranceFeatures> utterances) {
    checkArgument(!utterances.isEmpty(), "statistics need at least one utterance");
    double[] pitch = moments(utterances.stream().map(UtteranceFeatures::logPitch).toList());
    double[] energy = moments(utterances.stream().map(UtteranceFeatures::energy).toList());
    return new FeatureStats(pitch[0], pitch[1], energy[0], energy[1]);
  }

  private static double[] moments(List<float[]> rows) {
    double sum = 0;
    double squares = 0;
    long n = 0;
    for (float[] r : rows) {
      for (float v : r) {
        sum += v;
        squares += (double) v * v;
        n++;
      }
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(0, squares / n - mean * mean));
    return new double[] {mean, std > 1e-6 ? std : 1};
  }
}
