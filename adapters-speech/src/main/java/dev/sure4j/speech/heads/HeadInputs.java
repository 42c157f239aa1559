package dev.sure4j.speech.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Reads a head's inputs: hidden states first, the frame mask as the first 2-D input after them. */
final class HeadInputs {

  private HeadInputs() {}

  /**
   * Finds the frame mask.
   *
   * @param inputs the head inputs
   * @param from the first index to look at
   * @return the first input of rank 2 at or after {@code from}, or null
   */
  static NDArray frameMask(NDList inputs, int from) {
    for (int i = from; i < inputs.size(); i++) {
      if (inputs.get(i).getShape().dimension() == 2) {
        return inputs.get(i);
      }
    }
    return null;
  }
}
