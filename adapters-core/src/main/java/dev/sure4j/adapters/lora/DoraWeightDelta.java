package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.WeightDelta;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * The DoRA update (Liu et al., 2024; PEFT's {@code use_dora}) of a host with a weight {@code W}:
 * the adapted weight is {@code m / n * (W + s L)} with the LoRA weight {@code L} (PEFT's {@code
 * get_lora_weight}), the LoRA scaling {@code s}, a trainable magnitude {@code m} (PEFT's {@code
 * lora_magnitude_vector}, one value per output) and {@code n = ||W + s L||}, the L2 norm of each
 * output row or channel of the weight. The host adds {@code (m / n - 1) host(x, W) + (m / n) s
 * lora_B(lora_A(x))} to its output, with {@code n} detached from the gradient as PEFT does, so the
 * bias is left as it is; with dropout active in training, {@code x} is dropped out in both terms.
 * The magnitude starts at {@code n} with {@code B = 0}, so the update starts at zero.
 *
 * <p>The one implementation of DoRA: {@link DoraDelta} (linear layers, magnitude {@code [out]}) and
 * {@link DoraConvDelta} (1-d convolutions, magnitude {@code [1, out, 1]}) differ only in their
 * layout.
 */
public abstract class DoraWeightDelta extends NamedBlock implements WeightDelta {

  private static final byte VERSION = 1;

  private final LoraSpec spec;
  private final LoraLayout layout;
  private final Parameter hostWeight;
  private final Parameter loraA;
  private final Parameter loraB;
  private final Parameter magnitude;
  private NDArray mergedNorm;

  DoraWeightDelta(LoraLayout layout, Parameter hostWeight, LoraSpec spec) {
    super(VERSION);
    this.spec = spec;
    this.layout = layout;
    this.hostWeight = hostWeight;
    loraA = addParameter(layout.newA(spec.rank()));
    loraB = addParameter(layout.newB(spec.rank(), null));
    magnitude =
        addParameter(
            Parameters.of(
                "lora_magnitude_vector",
                Parameter.Type.WEIGHT,
                layout.magnitudeShape(),
                (manager, shape, type) -> initialMagnitude(manager)));
  }

  /** PEFT's {@code get_weight_norm} of the host weight at this moment, on {@code manager}. */
  private NDArray initialMagnitude(NDManager manager) {
    try (NDArray l = layout.product(loraA.getArray(), loraB.getArray(), spec.rank());
        NDArray norm = norm(hostWeight.getArray(), l)) {
      return manager.create(norm.toFloatArray(), layout.magnitudeShape());
    }
  }

  /** {@code ||w + s l||} per output, magnitude-shaped, on the manager of {@code l}. */
  private NDArray norm(NDArray w, NDArray l) {
    try (NDArray sl = Ops.times(l, (float) spec.scaling());
        NDArray sum = sl.add(w);
        NDArray sq = sum.square();
        NDArray total = sq.sum(layout.normAxes());
        NDArray root = total.sqrt()) {
      return root.reshape(layout.magnitudeShape());
    }
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
   * Returns the magnitude {@code m}, {@code [out]} or {@code [1, out, 1]} as PEFT stores it.
   *
   * @return PEFT's {@code lora_magnitude_vector}
   */
  public Parameter magnitude() {
    return magnitude;
  }

  /**
   * Computes the update the host adds to its output.
   *
   * @param store the parameter store
   * @param x the host input
   * @param output the host output with its bias, or null to compute {@code host(x, W)} here
   * @param w the value of the host weight
   * @param bias the value of the host bias, or null
   * @param training whether dropout is active
   * @return shaped as the host output
   */
  protected final NDArray update(
      ParameterStore store, NDArray x, NDArray output, NDArray w, NDArray bias, boolean training) {
    NDManager mgr = x.getManager();
    NDArray a = Ops.value(store, loraA, x, training);
    NDArray b = Ops.value(store, loraB, x, training);
    NDArray m = Ops.value(store, magnitude, x, training);
    NDArray norm;
    try (NDArray ad = Ops.lift(a, mgr).stopGradient();
        NDArray bd = Ops.lift(b, mgr).stopGradient();
        NDArray l = layout.product(ad, bd, spec.rank())) {
      norm = norm(w, l).stopGradient();
    }
    NDArray scale = Ops.lift(m, mgr).div(norm);
    NDArray h = x;
    NDArray base;
    if (training && spec.dropout() > 0) {
      h = Dropout.dropout(x, (float) spec.dropout(), true).singletonOrThrow();
      base = layout.host(h, w);
    } else if (output == null) {
      base = layout.host(x, w);
    } else {
      base = bias == null ? output : layout.withoutBias(output, bias, mgr);
    }
    NDArray lora = layout.lora(h, a, b);
    NDArray minusOne;
    try (NDArray one = mgr.full(new Shape(), 1f, scale.getDataType())) {
      minusOne = scale.sub(one);
    }
    return base.mul(minusOne).add(Ops.times(lora.mul(scale), (float) spec.scaling()));
  }

  /**
   * Tells whether the update folds into the host weight.
   *
   * @return false on a grouped convolution, as in PEFT
   */
  public boolean mergeable() {
    return layout.mergeable();
  }

  /**
   * Returns the LoRA part of the update as a host weight, {@code s L}.
   *
   * @return shaped as the host weight, on a new array the caller closes
   * @throws IllegalArgumentException on a grouped convolution
   */
  public NDArray deltaWeight() {
    checkArgument(
        layout.mergeable(),
        "DoRA on a grouped convolution (groups=%s) does not merge into its weight (as in PEFT)",
        layout.groups());
    try (NDArray l = layout.product(loraA.getArray(), loraB.getArray(), spec.rank())) {
      return Ops.times(l, (float) spec.scaling());
    }
  }

  /**
   * {@inheritDoc} {@code W' = m / ||W + s L|| * (W + s L)} per output; the norm is kept for {@link
   * #unmerge}, as PEFT does. The bias is unchanged.
   */
  @Override
  public void merge(NDArray weight, NDArray bias) {
    try (NDArray dw = deltaWeight()) {
      weight.addi(dw);
    }
    NDArray norm;
    try (NDArray sq = weight.square();
        NDArray total = sq.sum(layout.normAxes())) {
      norm = total.sqrt();
    }
    try (NDArray factor = factor(norm)) {
      weight.muli(factor);
    }
    mergedNorm = norm;
  }

  /** {@inheritDoc} {@code W = W' / (m / n) - s L} with the norm {@code n} kept by merge. */
  @Override
  public void unmerge(NDArray weight, NDArray bias) {
    checkArgument(mergedNorm != null, "this DoRA update is not merged");
    try (NDArray factor = factor(mergedNorm);
        NDArray dw = deltaWeight()) {
      weight.divi(factor).subi(dw);
    }
    mergedNorm.close();
    mergedNorm = null;
  }

  /** {@code m / n} shaped to broadcast over the weight, for a norm {@code [out]}. */
  private NDArray factor(NDArray norm) {
    try (NDArray m = magnitude.getArray().reshape(layout.out());
        NDArray ratio = m.div(norm)) {
      return ratio.reshape(layout.factorShape());
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
    return new Shape[] {layout.outputShape(inputShapes[0])};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
