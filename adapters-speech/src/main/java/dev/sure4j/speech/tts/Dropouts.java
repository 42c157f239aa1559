package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/** Dropout as the model's blocks apply it: only in training and only at a positive rate. */
final class Dropouts {

  private Dropouts() {}

  /**
   * Applies inverted dropout.
   *
   * @param x any shape
   * @param rate the drop probability, in {@code [0, 1)}
   * @param training whether the forward pass trains
   * @return {@code x} with dropout in training, {@code x} itself otherwise
   */
  static NDArray apply(NDArray x, float rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
  }
}
