package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * An additive update of a linear layer {@code y = W x + b}: the host adds {@link #apply} to its
 * output, and can fold {@link #deltaWeight} into {@code W} (merge).
 */
public interface LinearDelta extends Block {

  /**
   * Computes the update for an input.
   *
   * @param store the parameter store of the current forward pass
   * @param x the linear layer's input {@code [..., in]}
   * @param training whether dropout is active
   * @return the update {@code [..., out]}
   */
  NDArray apply(ParameterStore store, NDArray x, boolean training);

  /**
   * Returns the update as a weight matrix, for merging into {@code W}.
   *
   * @return {@code [out, in]}, on a new array the caller closes
   */
  NDArray deltaWeight();
}
