package dev.sure4j.adapters.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.WeightDelta;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * The shape LoRA (on a linear layer or a convolution) and VeRA share: an update {@code delta(x)}
 * that the host adds to its output, which is also a fixed weight {@link #deltaWeight()}, so that a
 * merge is {@code W += deltaWeight()} and an unmerge {@code W -= deltaWeight()} (the bias is
 * unchanged). Run on its own, the block returns {@code delta(x)} for its one input.
 */
public abstract class AdditiveDelta extends NamedBlock implements WeightDelta {

  /**
   * Creates the block.
   *
   * @param version the version of its parameter layout
   */
  protected AdditiveDelta(byte version) {
    super(version);
  }

  /**
   * Computes the update for an input of the host.
   *
   * @param store the parameter store
   * @param x the host's input, e.g. {@code [..., in]} or {@code [batch, in, time]}
   * @param training whether dropout applies
   * @return the update, the host output's shape
   */
  protected abstract NDArray update(ParameterStore store, NDArray x, boolean training);

  /**
   * Returns the update as a weight of the host's weight shape.
   *
   * @return the weight update, on a new array the caller closes
   */
  public abstract NDArray deltaWeight();

  /**
   * Applies inverted dropout during training.
   *
   * @param x the input
   * @param rate the dropout probability, 0 for none
   * @param training whether the pass trains; no dropout otherwise
   * @return {@code x} itself when no dropout applies
   */
  protected static NDArray dropout(NDArray x, double rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, (float) rate, true).singletonOrThrow() : x;
  }

  @Override
  public void merge(NDArray weight, NDArray bias) {
    try (NDArray dw = deltaWeight()) {
      weight.addi(dw);
    }
  }

  @Override
  public void unmerge(NDArray weight, NDArray bias) {
    try (NDArray dw = deltaWeight()) {
      weight.subi(dw);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(update(store, inputs.singletonOrThrow(), training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
