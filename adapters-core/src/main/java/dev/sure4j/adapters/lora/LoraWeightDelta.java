package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.sure4j.adapters.method.AdditiveDelta;
import dev.sure4j.adapters.nn.Ops;

/**
 * The LoRA update of a host with a weight: {@code delta(x) = scaling lora_B(lora_A(dropout(x)))},
 * folding into the weight as {@code scaling L} with PEFT's LoRA weight {@code L} ({@code B A},
 * weight-shaped). The one implementation of LoRA: {@link LoraDelta} (linear layers, {@code lora_A
 * [r, in]}, {@code lora_B [out, r]}) and {@link LoraConvDelta} (1-d convolutions, {@code lora_A [r,
 * in, kernel]}, {@code lora_B [out, r / groups, 1]}) differ only in their layout and start.
 */
public abstract class LoraWeightDelta extends AdditiveDelta {

  private static final byte VERSION = 1;

  private final LoraSpec spec;
  private final LoraLayout layout;
  private final Parameter loraA;
  private final Parameter loraB;

  LoraWeightDelta(LoraLayout layout, LoraSpec spec, Initializer aInit, Initializer bInit) {
    super(VERSION);
    this.spec = spec;
    this.layout = layout;
    loraA = addParameter(layout.newA(spec.rank(), aInit));
    loraB = addParameter(layout.newB(spec.rank(), bInit));
  }

  /**
   * Returns the spec.
   *
   * @return rank, alpha, dropout and init
   */
  final LoraSpec spec() {
    return spec;
  }

  /**
   * Returns {@code lora_A}, {@code [r, in]} or {@code [r, in, kernel]}.
   *
   * @return the down-projection
   */
  public Parameter loraA() {
    return loraA;
  }

  /**
   * Returns {@code lora_B}, {@code [out, r]} or {@code [out, r / groups, 1]}.
   *
   * @return the up-projection
   */
  public Parameter loraB() {
    return loraB;
  }

  /**
   * Tells whether the update folds into the host weight.
   *
   * @return false on a grouped convolution, as in PEFT
   */
  public boolean mergeable() {
    return layout.mergeable();
  }

  @Override
  protected NDArray update(ParameterStore store, NDArray x, boolean training) {
    NDArray h = dropout(x, spec.dropout(), training);
    NDArray a = Ops.value(store, loraA, x, training);
    NDArray b = Ops.value(store, loraB, x, training);
    return Ops.times(layout.lora(h, a, b), (float) spec.scaling());
  }

  /**
   * Returns the update as a host weight, {@code scaling B A}.
   *
   * @return {@code [out, in]} or {@code [out, in, kernel]}, on a new array the caller closes
   * @throws IllegalArgumentException on a grouped convolution
   */
  @Override
  public NDArray deltaWeight() {
    checkArgument(
        layout.mergeable(),
        "LoRA on a grouped convolution (groups=%s) does not merge into its weight (as in PEFT)",
        layout.groups());
    try (NDArray ba = layout.product(loraA.getArray(), loraB.getArray(), spec.rank())) {
      return ba.mul((float) spec.scaling());
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {layout.outputShape(inputShapes[0])};
  }
}
