package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.AdapterActivation;

/**
 * The position-wise feed-forward block of a transformer layer (Hugging Face names): {@code
 * intermediate_dense (D -> F) -> activation -> dropout -> output_dense (F -> D) -> dropout}. Both
 * linears are {@link AdaptableLinear}s.
 *
 * <p>Input and output {@code [batch, frames, D]}.
 */
public final class FeedForward extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final AdaptableLinear intermediate;
  private final AdaptableLinear output;
  private final AdapterActivation activation;
  private final float activationDropout;
  private final float hiddenDropout;

  /**
   * Creates a feed-forward block.
   *
   * @param hidden {@code D}
   * @param ffn {@code F} (Hugging Face {@code intermediate_size})
   * @param activation the activation (Hugging Face {@code hidden_act})
   * @param activationDropout dropout after the activation (Hugging Face {@code activation_dropout})
   * @param hiddenDropout dropout on the output (Hugging Face {@code hidden_dropout})
   */
  public FeedForward(
      int hidden,
      int ffn,
      AdapterActivation activation,
      float activationDropout,
      float hiddenDropout) {
    super(VERSION);
    this.activation = activation;
    this.activationDropout = activationDropout;
    this.hiddenDropout = hiddenDropout;
    intermediate = addNamed("intermediate_dense", new AdaptableLinear(hidden, ffn, true));
    output = addNamed("output_dense", new AdaptableLinear(ffn, hidden, true));
  }

  /**
   * Returns the input projection {@code D -> F}.
   *
   * @return {@code intermediate_dense}
   */
  public AdaptableLinear intermediateDense() {
    return intermediate;
  }

  /**
   * Returns the output projection {@code F -> D}.
   *
   * @return {@code output_dense}
   */
  public AdaptableLinear outputDense() {
    return output;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = intermediate.forward(store, new NDList(inputs.head()), training).singletonOrThrow();
    h = activation.apply(h);
    h = dropout(h, activationDropout, training);
    h = output.forward(store, new NDList(h), training).singletonOrThrow();
    return new NDList(dropout(h, hiddenDropout, training));
  }

  static NDArray dropout(NDArray x, float rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    intermediate.initialize(manager, dataType, inputShapes[0]);
    output.initialize(manager, dataType, intermediate.getOutputShapes(inputShapes)[0]);
  }
}
