package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * An update that can fold into its host's weight and bias and come out again: what {@link
 * LinearDelta} and {@link ConvDelta} share, so that one host mechanism merges both.
 */
public interface WeightDelta extends Block {

  /**
   * Computes the update for an input: the adapted output is {@code input.output() + apply(...)}.
   *
   * @param store the parameter store of the current forward pass
   * @param input the host's input, output, weight and bias
   * @param training whether dropout is active
   * @return the update, shaped as {@code input.output()}: {@code [..., out]} for a linear layer,
   *     {@code [batch, out, outTime]} for a convolution
   */
  NDArray apply(ParameterStore store, WeightInput input, boolean training);

  /**
   * Folds the update into the host's weight and bias, in place.
   *
   * @param weight the host's weight, changed in place
   * @param bias the host's bias, changed in place; null when the host has none
   */
  void merge(NDArray weight, NDArray bias);

  /**
   * Takes a merged update out of the weight and bias, in place: the inverse of {@link #merge}.
   *
   * @param weight the merged weight, changed in place
   * @param bias the merged bias, changed in place; null when the host has none
   */
  void unmerge(NDArray weight, NDArray bias);
}
