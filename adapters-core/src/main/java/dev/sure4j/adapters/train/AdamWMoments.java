package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDArray;

/**
 * One parameter's {@link AdamW} state: the first and second moment estimates {@code m} and {@code
 * v} (the parameter's shape, float32) and its step count.
 */
final class AdamWMoments {

  final NDArray m;
  final NDArray v;
  long step;

  private AdamWMoments(NDArray m, NDArray v, long step) {
    this.m = m;
    this.v = v;
    this.step = step;
  }

  /** Zero moments at step 0, on the weight's manager. */
  static AdamWMoments zerosLike(NDArray weight) {
    return new AdamWMoments(weight.zerosLike(), weight.zerosLike(), 0);
  }
}
