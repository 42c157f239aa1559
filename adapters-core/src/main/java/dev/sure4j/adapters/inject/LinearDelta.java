package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;

/**
 * An update of a linear layer {@code y = x W^T + b}: the host adds {@link #apply} to its output,
 * and can fold the update into {@code W} and {@code b} ({@link #merge}) and take it out again
 * ({@link #unmerge}). Additive methods (LoRA) add {@code delta W}; scaling methods (IA3, DoRA)
 * rescale rows or columns of {@code W}, which is still an update of the output.
 */
public interface LinearDelta extends WeightDelta {

  /**
   * Folds the update into the layer's weight and bias, in place, so that {@code x W'^T + b'} equals
   * the adapted output.
   *
   * @param weight the layer's weight {@code [out, in]}, changed in place
   * @param bias the layer's bias {@code [out]}, changed in place; null when the layer has none
   */
  void merge(NDArray weight, NDArray bias);

  /**
   * Takes a merged update out of the weight and bias, in place: the inverse of {@link #merge}.
   *
   * @param weight the merged weight {@code [out, in]}, changed in place
   * @param bias the merged bias {@code [out]}, changed in place; null when the layer has none
   */
  void unmerge(NDArray weight, NDArray bias);

  /**
   * Called when the update is attached to a layer, before any forward pass: an update that starts
   * from the base weight (LoRA's PiSSA and OLoRA) replaces it by the residual here. Does nothing by
   * default.
   *
   * @param weight the layer's weight {@code [out, in]}, changed in place
   */
  default void attachedTo(NDArray weight) {}

  /**
   * Called when the update is detached from a layer: the inverse of {@link #attachedTo}. Does
   * nothing by default.
   *
   * @param weight the layer's weight {@code [out, in]}, changed in place
   */
  default void detachedFrom(NDArray weight) {}
}
