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
 * The DoRA update of one linear layer (Liu et al., 2024; PEFT's {@code use_dora}): the adapted
 * weight is {@code m / ||W + s B A|| * (W + s B A)}, the row-normalised LoRA-updated weight times a
 * trainable magnitude {@code m [out]}, where {@code ||.||} is the L2 norm of each output row and
 * {@code s} the LoRA scaling. {@code lora_A [r, in]} and {@code lora_B [out, r]} start as in {@link
 * LoraDelta}; {@code lora_magnitude_vector [out]} starts at {@code ||W + s B A||} of the host's
 * weight, so the update starts at zero.
 *
 * <p>The host adds {@code (m / n - 1) (x W^T) + (m / n) s B A x} with {@code n = ||W + s B A||}
 * detached from the gradient (as PEFT does), so the bias is left as it is. With dropout active in
 * training, {@code x} is dropped out in both terms.
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. {@code r (in + out) + out} parameters.
 */
public final class DoraDelta extends NamedBlock implements LinearDelta {

  private static final byte VERSION = 1;

  private final LoraSpec spec;
  private final int out;
  private final Parameter hostWeight;
  private final Parameter loraA;
  private final Parameter loraB;
  private final Parameter magnitude;
  private NDArray mergedNorm;

  /**
   * Creates the update for a linear layer.
   *
   * @param in the layer's input features
   * @param out the layer's output features
   * @param hostWeight the layer's weight {@code [out, in]}, initialised before this block is; the
   *     magnitude starts at its row norms
   * @param spec rank, alpha, dropout and rsLoRA scaling
   */
  public DoraDelta(int in, int out, Parameter hostWeight, LoraSpec spec) {
    super(VERSION);
    this.spec = spec;
    this.out = out;
    this.hostWeight = hostWeight;
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
    magnitude =
        addParameter(
            Parameters.of(
                "lora_magnitude_vector",
                Parameter.Type.WEIGHT,
                new Shape(out),
                (manager, shape, type) -> initialMagnitude(manager)));
  }

  /** PEFT's {@code get_weight_norm}: {@code ||W + s B A||} per output row, on {@code manager}. */
  private NDArray initialMagnitude(NDManager manager) {
    try (NDArray ba = loraB.getArray().matMul(loraA.getArray());
        NDArray sba = Ops.times(ba, (float) spec.scaling());
        NDArray sum = hostWeight.getArray().add(sba);
        NDArray norm = rowNorm(sum)) {
      return manager.create(norm.toFloatArray(), new Shape(out));
    }
  }

  private static NDArray rowNorm(NDArray weight) {
    try (NDArray sq = weight.square();
        NDArray sum = sq.sum(new int[] {1})) {
      return sum.sqrt();
    }
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

  /**
   * Returns the magnitude {@code m}, {@code [out]}.
   *
   * @return PEFT's {@code lora_magnitude_vector}
   */
  public Parameter magnitude() {
    return magnitude;
  }

  @Override
  public NDArray apply(ParameterStore store, LinearInput input, boolean training) {
    return update(store, input.x(), input.output(), input.weight(), input.bias(), training);
  }

  private NDArray update(
      ParameterStore store, NDArray x, NDArray output, NDArray w, NDArray bias, boolean training) {
    NDArray a = Ops.value(store, loraA, x, training);
    NDArray b = Ops.value(store, loraB, x, training);
    NDArray m = Ops.value(store, magnitude, x, training);
    float s = (float) spec.scaling();
    NDArray ba = b.stopGradient().matMul(a.stopGradient());
    NDArray norm = rowNorm(w.stopGradient().add(Ops.times(ba, s))).stopGradient();
    NDArray scale = m.div(norm);
    NDArray h = x;
    NDArray base;
    if (training && spec.dropout() > 0) {
      h = Dropout.dropout(x, (float) spec.dropout(), true).singletonOrThrow();
      base = Linear.linear(h, w).singletonOrThrow();
    } else if (output == null) {
      base = Linear.linear(x, w).singletonOrThrow();
    } else {
      base = bias == null ? output : output.sub(bias);
    }
    NDArray lora = Linear.linear(Linear.linear(h, a).singletonOrThrow(), b).singletonOrThrow();
    NDArray minusOne;
    try (NDArray one = scale.getManager().full(new Shape(), 1f, scale.getDataType())) {
      minusOne = scale.sub(one);
    }
    return base.mul(minusOne).add(Ops.times(lora.mul(scale), s));
  }

  /**
   * Returns the LoRA part of the update as a weight matrix, {@code s B A}.
   *
   * @return {@code [out, in]}, on a new array the caller closes
   */
  public NDArray deltaWeight() {
    NDArray ba = loraB.getArray().matMul(loraA.getArray());
    NDArray scaled = ba.mul((float) spec.scaling());
    ba.close();
    return scaled;
  }

  /**
   * {@inheritDoc} {@code W' = m / ||W + s B A|| * (W + s B A)}; the norm is kept for {@link
   * #unmerge}, as PEFT does. The bias is unchanged.
   */
  @Override
  public void merge(NDArray weight, NDArray bias) {
    try (NDArray dw = deltaWeight()) {
      weight.addi(dw);
    }
    NDArray norm = rowNorm(weight);
    try (NDArray factor = factor(norm)) {
      weight.muli(factor);
    }
    mergedNorm = norm;
  }

  /** {@inheritDoc} {@code W = W' / (m / n) - s B A} with the norm {@code n} kept by merge. */
  @Override
  public void unmerge(NDArray weight, NDArray bias) {
    try (NDArray factor = factor(mergedNorm);
        NDArray dw = deltaWeight()) {
      weight.divi(factor).subi(dw);
    }
    mergedNorm.close();
    mergedNorm = null;
  }

  private NDArray factor(NDArray norm) {
    try (NDArray ratio = magnitude.getArray().div(norm)) {
      return ratio.reshape(out, 1);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = Ops.value(store, hostWeight, x, training);
    return new NDList(update(store, x, null, w, null, training));
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
