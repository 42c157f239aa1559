package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis, with PyTorch's parameter names {@code weight} (ones) and
 * {@code bias} (zeros). Input and output {@code [..., D]}.
 */
public final class LayerNormBlock extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final int size;
  private final float eps;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates a layer norm.
   *
   * @param size the normalised size {@code D}
   * @param eps the variance epsilon (Hugging Face {@code layer_norm_eps})
   */
  public LayerNormBlock(int size, float eps) {
    super(VERSION);
    checkArgument(size > 0, "layer norm size must be > 0: %s", size);
    checkArgument(eps > 0, "layer norm eps must be > 0: %s", eps);
    this.size = size;
    this.eps = eps;
    weight = addParameter(Parameters.normWeight(size));
    bias = addParameter(Parameters.normBias(size));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return LayerNorm.layerNorm(
        x,
        new Shape(size),
        Ops.value(store, weight, x, training),
        Ops.value(store, bias, x, training),
        eps);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
