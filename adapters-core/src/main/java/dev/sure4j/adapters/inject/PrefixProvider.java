package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Supplies the prefix keys and values that a self-attention block places in front of its own. */
public interface PrefixProvider extends Block {

  /**
   * Returns the number of prefix positions.
   *
   * @return {@code P}
   */
  int length();

  /**
   * Computes the prefix for one forward pass.
   *
   * @param store the parameter store of the current forward pass
   * @param manager the manager of the current batch; results are attached to it
   * @param training whether dropout is active
   * @return keys {@code [P, D]} and values {@code [P, D]}, before the attention's head split
   */
  NDList keyValues(ParameterStore store, NDManager manager, boolean training);
}
