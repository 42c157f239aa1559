package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The loss of a block that computes its own objective ({@link GeneratorObjective}, {@link
 * DiscriminatorObjective}): the first output, a scalar. It remembers every output of its last
 * evaluation as numbers, for the log.
 */
final class ObjectiveLoss extends Loss {

  private float[] last = new float[0];

  /** Creates the loss. */
  ObjectiveLoss() {
    super("objective");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    last = new float[predictions.size()];
    for (int i = 0; i < last.length; i++) {
      last[i] = predictions.get(i).getFloat();
    }
    return predictions.get(0);
  }

  /**
   * Returns the outputs of the last evaluation.
   *
   * @return the scalars, the loss first
   */
  float[] last() {
    return last.clone();
  }
}
