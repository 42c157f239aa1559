package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.LinearInput;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * The LoRA update of one linear layer: {@code delta(x) = scaling * dropout(x) A^T B^T} with {@code
 * lora_A [r, in]} drawn from {@code U(-1/sqrt(in), 1/sqrt(in))} (PyTorch's Kaiming-uniform with
 * {@code a = sqrt(5)}, as loralib and PEFT do) and {@code lora_B [out, r]} at zero, so the update
 * starts at zero.
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. {@code r * (in + out)} parameters.
 */
public final class LoraDelta extends NamedBlock implements LinearDelta {

  private static final byte VERSION = 1;

  private final LoraSpec spec;
  private final int out;
  private final Parameter loraA;
  private final Parameter loraB;

  /**
   * Creates the update for a linear layer.
   *
   * @param in the layer's input features
   * @param out the layer's output features
   * @param spec rank, alpha and dropout
   */
  public LoraDelta(int in, int out, LoraSpec spec) {
    super(VERSION);
    this.spec = spec;
    this.out = out;
    loraA =
        addParameter(
            Parameters.of(
                "lora_A.weight",
                Parameter.Type.WEIGHT,
                new Shape(spec.rank(), in),
                new UniformInitializer((float) (1 / Math.sqrt(in)))));
    loraB =
        addParameter(
            Parameters.of(
                "lora_B.weight",
                Parameter.Type.WEIGHT,
                new Shape(out, spec.rank()),
                Initializer.ZEROS));
  }

  /**
   * Returns {@code lora_A}, {@code [r, in]}.
   *
   * @return the down-projection
   */
  public Parameter loraA() {
    return loraA;
  }

  /**
   * Returns {@code lora_B}, {@code [out, r]}.
   *
   * @return the up-projection
   */
  public Parameter loraB() {
    return loraB;
  }

  @Override
  public NDArray apply(ParameterStore store, LinearInput input, boolean training) {
    return update(store, input.x(), training);
  }

  private NDArray update(ParameterStore store, NDArray x, boolean training) {
    NDArray h = x;
    if (training && spec.dropout() > 0) {
      h = Dropout.dropout(h, (float) spec.dropout(), true).singletonOrThrow();
    }
    h = Linear.linear(h, Ops.value(store, loraA, x, training)).singletonOrThrow();
    h = Linear.linear(h, Ops.value(store, loraB, x, training)).singletonOrThrow();
    return Ops.times(h, (float) spec.scaling());
  }

  /**
   * Returns the update as a weight matrix, {@code scaling B A}.
   *
   * @return {@code [out, in]}, on a new array the caller closes
   */
  public NDArray deltaWeight() {
    NDArray ba = loraB.getArray().matMul(loraA.getArray());
    NDArray scaled = ba.mul((float) spec.scaling());
    ba.close();
    return scaled;
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
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
