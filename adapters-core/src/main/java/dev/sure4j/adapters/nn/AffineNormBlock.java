package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A normalisation followed by a per-channel affine map, with PyTorch's parameter names {@code
 * weight} (ones) and {@code bias} (zeros), both {@code [channels]}: the part layer and group
 * normalisation share. Subclasses compute the normalisation and apply {@link #weight} and {@link
 * #bias}.
 */
public abstract class AffineNormBlock extends SameShapeBlock {

  /** The number of channels {@code C}, the length of {@code weight} and {@code bias}. */
  protected final int channels;

  /** The variance epsilon. */
  protected final float eps;

  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates the block and its two parameters.
   *
   * @param version the block version
   * @param kind the normalisation's name in messages, e.g. {@code layer norm}
   * @param channels the number of channels {@code C}, &gt; 0
   * @param eps the variance epsilon, &gt; 0
   * @throws IllegalArgumentException naming the kind and the invalid value
   */
  protected AffineNormBlock(byte version, String kind, int channels, float eps) {
    super(version);
    checkArgument(channels > 0, "%s size must be > 0: %s", kind, channels);
    checkArgument(eps > 0, "%s eps must be > 0: %s", kind, eps);
    this.channels = channels;
    this.eps = eps;
    weight = addParameter(Parameters.normWeight(channels));
    bias = addParameter(Parameters.normBias(channels));
  }

  /**
   * Returns the scale for an input, on the input's device and in its type.
   *
   * @param store the parameter store
   * @param x the input the scale applies to
   * @param training whether the pass is a training pass
   * @return {@code weight [C]}
   */
  protected NDArray weight(ParameterStore store, NDArray x, boolean training) {
    return Ops.value(store, weight, x, training);
  }

  /**
   * Returns the shift for an input, on the input's device and in its type.
   *
   * @param store the parameter store
   * @param x the input the shift applies to
   * @param training whether the pass is a training pass
   * @return {@code bias [C]}
   */
  protected NDArray bias(ParameterStore store, NDArray x, boolean training) {
    return Ops.value(store, bias, x, training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
