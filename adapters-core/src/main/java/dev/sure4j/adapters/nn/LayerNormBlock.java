package dev.sure4j.adapters.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis, with PyTorch's parameter names {@code weight} (ones) and
 * {@code bias} (zeros). Input and output {@code [..., D]}.
 */
public final class LayerNormBlock extends AffineNormBlock {

  private static final byte VERSION = 1;

  /**
   * Creates a layer norm.
   *
   * @param size the normalised size {@code D}
   * @param eps the variance epsilon (Hugging Face {@code layer_norm_eps})
   */
  public LayerNormBlock(int size, float eps) {
    super(VERSION, "layer norm", size, eps);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return LayerNorm.layerNorm(
        x, new Shape(channels), weight(store, x, training), bias(store, x, training), eps);
  }
}
