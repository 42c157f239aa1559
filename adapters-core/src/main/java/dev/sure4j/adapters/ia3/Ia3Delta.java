package dev.sure4j.adapters.ia3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.WeightInput;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;
import dev.sure4j.adapters.nn.SameShapeBlock;

/**
 * The IA3 vector of one linear layer {@code y = x W^T + b}, named {@code ia3_l} and initialised to
 * ones, as in Hugging Face PEFT.
 *
 * <ul>
 *   <li>Output scaling (attention projections): {@code ia3_l [out, 1]}, {@code y' = l * y}; the
 *       update the host adds is {@code y * l - y}. Merging scales the rows of {@code W} and the
 *       bias by {@code l}.
 *   <li>Input scaling (feed-forward layers): {@code ia3_l [1, in]}, {@code y' = (l * x) W^T + b};
 *       the update is {@code (x * l - x) W^T}, without bias. Merging scales the columns of {@code
 *       W}.
 * </ul>
 *
 * <p>Unmerging divides by {@code l + 1e-8}, as PEFT does; it is exact only up to float rounding.
 * {@code out} or {@code in} parameters.
 */
public final class Ia3Delta extends SameShapeBlock implements LinearDelta {

  private static final byte VERSION = 1;

  /** What PEFT adds to {@code l} before dividing by it in an unmerge. */
  private static final float UNMERGE_EPSILON = 1e-8f;

  private final boolean feedforward;
  private final int size;
  private final Parameter l;

  /**
   * Creates the vector for a linear layer.
   *
   * @param in the layer's input features
   * @param out the layer's output features
   * @param feedforward whether the input ({@code [1, in]}) rather than the output ({@code [out,
   *     1]}) is scaled
   */
  public Ia3Delta(int in, int out, boolean feedforward) {
    super(VERSION);
    this.feedforward = feedforward;
    this.size = feedforward ? in : out;
    Shape shape = feedforward ? new Shape(1, in) : new Shape(out, 1);
    l = addParameter(Parameters.of("ia3_l", Parameter.Type.WEIGHT, shape, Initializer.ONES));
  }

  /**
   * Returns {@code ia3_l}: {@code [1, in]} for a feed-forward layer, {@code [out, 1]} otherwise.
   *
   * @return the scaling vector
   */
  public Parameter ia3L() {
    return l;
  }

  /**
   * Tells whether this vector scales the layer's input (a feed-forward layer).
   *
   * @return true for input scaling, false for output scaling
   */
  public boolean feedforward() {
    return feedforward;
  }

  @Override
  public NDArray apply(ParameterStore store, WeightInput input, boolean training) {
    NDArray v = Ops.value(store, l, input.x(), training).reshape(size);
    if (feedforward) {
      NDArray x = input.x();
      return Linear.linear(x.mul(v).sub(x), input.weight()).singletonOrThrow();
    }
    NDArray y = input.output();
    return y.mul(v).sub(y);
  }

  @Override
  public void merge(NDArray weight, NDArray bias) {
    NDArray v = l.getArray();
    weight.muli(v);
    if (!feedforward && bias != null) {
      try (NDArray flat = v.reshape(size)) {
        bias.muli(flat);
      }
    }
  }

  @Override
  public void unmerge(NDArray weight, NDArray bias) {
    try (NDArray v = l.getArray().add(UNMERGE_EPSILON)) {
      weight.divi(v);
      if (!feedforward && bias != null) {
        try (NDArray flat = v.reshape(size)) {
          bias.divi(flat);
        }
      }
    }
  }

  /**
   * Scales an array by the vector: input {@code [..., n]} with {@code n} the vector's size ({@code
   * in} for a feed-forward layer, {@code out} otherwise), output {@code x * l}, same shape.
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return new NDList(x.mul(Ops.value(store, l, x, training).reshape(size)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
