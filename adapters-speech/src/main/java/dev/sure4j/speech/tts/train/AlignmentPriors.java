package dev.sure4j.speech.tts.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.tts.align.BetaBinomialPrior;

/** The log beta-binomial prior of a padded batch, for the alignment encoder. */
final class AlignmentPriors {

  /** NeMo's scaling factor of the prior. */
  static final double SCALING = 1.0;

  private AlignmentPriors() {}

  /**
   * Builds the prior of a padded batch.
   *
   * @param m where the array is created
   * @param tokens real tokens per utterance
   * @param frames real frames per utterance
   * @param maxT padded tokens
   * @param maxM padded frames
   * @return {@code ln p} {@code [batch, maxM, maxT]}, 0 outside each utterance
   */
  static NDArray batch(NDManager m, int[] tokens, int[] frames, int maxT, int maxM) {
    float[] out = new float[tokens.length * maxM * maxT];
    for (int b = 0; b < tokens.length; b++) {
      float[][] p = BetaBinomialPrior.logPrior(tokens[b], frames[b], SCALING);
      for (int j = 0; j < frames[b]; j++) {
        System.arraycopy(p[j], 0, out, (b * maxM + j) * maxT, tokens[b]);
      }
    }
    return m.create(out, new Shape(tokens.length, maxM, maxT));
  }
}
