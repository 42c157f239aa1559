package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.Site;

/**
 * A linear layer {@code y = x W^T + b} that can carry updates ({@link LinearDelta}, e.g. LoRA) and
 * fold them into its weight and bias.
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. Parameters are named {@code weight} {@code
 * [out, in]} and {@code bias} {@code [out]}, as in PyTorch, and start with PyTorch's default {@code
 * nn.Linear} initialisation {@code U(-1/sqrt(in), 1/sqrt(in))}.
 */
public final class AdaptableLinear extends MergingHost {

  private static final byte VERSION = 1;

  private final int in;
  private final int out;

  /**
   * Creates a linear layer.
   *
   * @param in input features, {@code > 0}
   * @param out output features, {@code > 0}
   * @param withBias whether the layer has a bias
   */
  public AdaptableLinear(int in, int out, boolean withBias) {
    super(VERSION, Site.LINEAR, "linear layer", LinearDelta.class);
    checkArgument(in > 0 && out > 0, "linear sizes must be > 0: in=%s out=%s", in, out);
    this.in = in;
    this.out = out;
    addWeightAndBias(new Shape(out, in), withBias, (float) (1 / Math.sqrt(in)));
  }

  /**
   * Returns the number of input features.
   *
   * @return {@code in}
   */
  public int inFeatures() {
    return in;
  }

  /**
   * Returns the number of output features.
   *
   * @return {@code out}
   */
  public int outFeatures() {
    return out;
  }

  /**
   * Returns the weight parameter {@code [out, in]}.
   *
   * @return the weight
   */
  public Parameter weight() {
    return weightParameter();
  }

  /**
   * Makes weight and bias start at zero, before the layer is initialised (for adapters that must
   * start as the identity).
   *
   * @return this layer
   */
  public AdaptableLinear zeroInit() {
    weightParameter().setInitializer(Initializer.ZEROS);
    if (biasParameter() != null) {
      biasParameter().setInitializer(Initializer.ZEROS);
    }
    return this;
  }

  /** {@inheritDoc} For a linear layer: its input size {@code in}. */
  @Override
  public int hidden() {
    return in;
  }

  /** {@inheritDoc} Then lets the update adjust the weight ({@link LinearDelta#attachedTo}). */
  @Override
  public void attachAdapter(String name, Block adapter) {
    super.attachAdapter(name, adapter);
    ((LinearDelta) adapter).attachedTo(weightParameter().getArray());
  }

  @Override
  public Block detachAdapter(String name) {
    Block b = super.detachAdapter(name);
    ((LinearDelta) b).detachedFrom(weightParameter().getArray());
    return b;
  }

  @Override
  protected NDArray baseOutput(NDArray x, NDArray w, NDArray b) {
    return Linear.linear(x, w, b).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }

  @Override
  public String toString() {
    return "AdaptableLinear("
        + in
        + " -> "
        + out
        + (biasParameter() == null ? ", no bias" : "")
        + ")";
  }
}
