package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * A learnable weighted sum of hidden states, as SUPERB/s3prl and Hugging Face's {@code
 * use_weighted_layer_sum}: {@code sum_i softmax(w)_i h_i}.
 *
 * <p>Inputs: {@code n} hidden states {@code [batch, frames, D]} (the input embedding and each
 * layer's output, {@code n = L + 1}). Output {@code [batch, frames, D]}. Parameter {@code weight}
 * {@code [n]}, starting at {@code 1/n} as Hugging Face's {@code layer_weights} (any constant start
 * gives the plain mean).
 */
public final class LayerWeightedSum extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int count;
  private final Parameter weight;

  /**
   * Creates the sum.
   *
   * @param count the number of hidden states {@code n = L + 1}, {@code > 0}
   */
  public LayerWeightedSum(int count) {
    super(VERSION);
    checkArgument(count > 0, "number of hidden states must be > 0: %s", count);
    this.count = count;
    weight =
        addParameter(
            Parameters.of(
                "weight",
                Parameter.Type.WEIGHT,
                new Shape(count),
                new ConstantInitializer(1f / count)));
  }

  /**
   * Returns the number of hidden states summed.
   *
   * @return {@code n}
   */
  public int count() {
    return count;
  }

  /**
   * Sums a head input's hidden states.
   *
   * @param store the parameter store
   * @param input the encoder's outputs; its {@link HeadInput#hiddenStates()} must hold {@link
   *     #count()} states
   * @param training whether this is a training pass
   * @param params extra parameters
   * @return the weighted sum {@code [batch, frames, D]}
   */
  public NDArray sum(
      ParameterStore store, HeadInput input, boolean training, PairList<String, Object> params) {
    checkArgument(
        input.hiddenStates().size() == count,
        "a weighted layer sum over %s hidden states needs %s arrays [batch, frames, D] after the"
            + " last hidden state, got %s",
        count,
        count,
        input.hiddenStates().size());
    return forward(store, new NDList(input.hiddenStates()), training, params).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    checkArgument(
        inputs.size() == count,
        "layer weighted sum expects %s hidden states, got %s",
        count,
        inputs.size());
    NDArray first = inputs.get(0);
    NDArray stacked = NDArrays.stack(inputs, 0); // [n, batch, frames, D]
    NDArray w = Ops.lift(Ops.value(store, weight, first, training), first.getManager());
    NDArray norm = w.softmax(0).reshape(count, 1, 1, 1);
    return new NDList(stacked.mul(norm).sum(new int[] {0}));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
