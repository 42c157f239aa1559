package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.LinearInput;
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
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates a linear layer.
   *
   * @param in input features, {@code > 0}
   * @param out output features, {@code > 0}
   * @param withBias whether the layer has a bias
   */
  public AdaptableLinear(int in, int out, boolean withBias) {
    super(VERSION);
    checkArgument(in > 0 && out > 0, "linear sizes must be > 0: in=%s out=%s", in, out);
    this.in = in;
    this.out = out;
    float bound = (float) (1 / Math.sqrt(in));
    weight = addUniform("weight", Parameter.Type.WEIGHT, new Shape(out, in), bound);
    bias = withBias ? addUniform("bias", Parameter.Type.BIAS, new Shape(out), bound) : null;
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
    return weight;
  }

  /**
   * Makes weight and bias start at zero, before the layer is initialised (for adapters that must
   * start as the identity).
   *
   * @return this layer
   */
  public AdaptableLinear zeroInit() {
    weight.setInitializer(Initializer.ZEROS);
    if (bias != null) {
      bias.setInitializer(Initializer.ZEROS);
    }
    return this;
  }

  /** {@inheritDoc} For a linear layer: its input size {@code in}. */
  @Override
  public int hidden() {
    return in;
  }

  @Override
  public Site site() {
    return Site.LINEAR;
  }

  @Override
  protected void checkSuits(String name, Block adapter) {
    checkArgument(
        adapter instanceof LinearDelta,
        "adapter '%s' (%s) cannot attach to a linear layer: it is not a LinearDelta",
        name,
        adapter.getClass().getSimpleName());
  }

  /** {@inheritDoc} Then lets the update adjust the weight ({@link LinearDelta#attachedTo}). */
  @Override
  public void attachAdapter(String name, Block adapter) {
    super.attachAdapter(name, adapter);
    ((LinearDelta) adapter).attachedTo(weight.getArray());
  }

  @Override
  public Block detachAdapter(String name) {
    Block b = super.detachAdapter(name);
    ((LinearDelta) b).detachedFrom(weight.getArray());
    return b;
  }

  @Override
  protected Parameter weightParameter() {
    return weight;
  }

  @Override
  protected Parameter biasParameter() {
    return bias;
  }

  @Override
  protected String kind() {
    return "linear layer";
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = Ops.value(store, weight, x, training);
    NDArray b = bias == null ? null : Ops.value(store, bias, x, training);
    NDArray y = Linear.linear(x, w, b).singletonOrThrow();
    return new NDList(
        addUpdates(
            x,
            y,
            (delta, xs, ys) ->
                ((LinearDelta) delta).apply(store, new LinearInput(xs, ys, w, b), training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no base children; adapters are initialised when they are attached
  }

  @Override
  public String toString() {
    return "AdaptableLinear(" + in + " -> " + out + (bias == null ? ", no bias" : "") + ")";
  }
}
