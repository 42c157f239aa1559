package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;

/**
 * An update of a 1-d convolution {@code y = conv1d(x, W, b)}, the convolutional counterpart of
 * {@link LinearDelta}: the host adds {@link #apply} to its output, and, for an ungrouped
 * convolution, can fold the update into {@code W} and {@code b} ({@link #merge}) and take it out
 * again ({@link #unmerge}). An update that cannot be folded (LoRA on a grouped convolution, as in
 * PEFT) refuses to merge with an {@link IllegalArgumentException}.
 */
public interface ConvDelta extends WeightDelta {

  /**
   * Tells whether the update can be folded into the weight.
   *
   * @return true when {@link #merge} is supported
   */
  boolean mergeable();

  /**
   * Folds the update into the convolution's weight and bias, in place, so that {@code conv1d(x, W',
   * b')} equals the adapted output.
   *
   * @param weight the weight {@code [out, in / groups, kernel]}, changed in place
   * @param bias the bias {@code [out]}, changed in place; null when the convolution has none
   * @throws IllegalArgumentException when the update cannot be merged ({@link #mergeable()})
   */
  void merge(NDArray weight, NDArray bias);

  /**
   * Takes a merged update out of the weight and bias, in place: the inverse of {@link #merge}.
   *
   * @param weight the merged weight {@code [out, in / groups, kernel]}, changed in place
   * @param bias the merged bias {@code [out]}, changed in place; null when there is none
   * @throws IllegalArgumentException when the update cannot be merged ({@link #mergeable()})
   */
  void unmerge(NDArray weight, NDArray bias);
}
