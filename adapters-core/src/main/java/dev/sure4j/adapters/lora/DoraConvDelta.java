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
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.ConvInput;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.Convolutions;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * The DoRA update of one 1-d convolution, as PEFT's {@code DoraConv1dLayer}: {@code lora_A} and
 * {@code lora_B} as in {@link LoraConvDelta} ({@code [r, in, kernel]} and {@code [out, r / groups,
 * 1]}), and a magnitude {@code lora_magnitude_vector [1, out, 1]}, one value per output channel.
 *
 * <p>With the LoRA weight {@code L = reshape(B.view(-1, r) A.view(r, -1), [out, in / groups,
 * kernel])} (PEFT's {@code get_lora_weight}) and {@code n = ||W + s L||}, the L2 norm of each
 * output channel of the weight over its input channels and taps, the host adds {@code (m / n - 1)
 * conv(x, W) + (m / n) s lora_B(lora_A(x))} to its output; the bias is not rescaled and {@code n}
 * is detached from the gradient. Ungrouped, {@code s L} is the convolution's own update, so this is
 * {@code conv(x, m / n (W + s L)) - conv(x, W)}: the paper's weight decomposition. Grouped, PEFT's
 * reshape does not follow the group structure, and the norm is PEFT's as it computes it; such an
 * update does not merge, as in PEFT. The magnitude starts at {@code n} with {@code B = 0}, so the
 * update starts at zero.
 *
 * <p>Input {@code [batch, in, time]}, output {@code [batch, out, outTime]} as the base convolution.
 * {@code r in kernel + out r / groups + out} parameters.
 */
public final class DoraConvDelta extends NamedBlock implements ConvDelta {

  private static final byte VERSION = 1;

  private final LoraSpec spec;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int groups;
  private final Shape weightShape;
  private final Parameter hostWeight;
  private final Parameter loraA;
  private final Parameter loraB;
  private final Parameter magnitude;
  private NDArray mergedNorm;

  /**
   * Creates the update for a convolution.
   *
   * @param host the convolution, with dilation 1 and {@code groups} dividing the rank; its weight
   *     is initialised before this block is, and the magnitude starts at its channel norms
   * @param spec rank, alpha, dropout and rsLoRA scaling
   * @throws IllegalArgumentException when the rank is not a multiple of the groups or the
   *     convolution is dilated
   */
  public DoraConvDelta(AdaptableConv1d host, LoraSpec spec) {
    super(VERSION);
    checkArgument(
        spec.rank() % host.groups() == 0,
        "DoRA rank %s must be a multiple of the convolution's groups %s (as PEFT requires)",
        spec.rank(),
        host.groups());
    checkArgument(
        host.dilation() == 1,
        "DoRA needs an undilated convolution, got dilation %s",
        host.dilation());
    this.spec = spec;
    this.out = host.outChannels();
    this.kernel = host.kernel();
    this.stride = host.stride();
    this.padding = host.padding();
    this.groups = host.groups();
    this.weightShape = new Shape(out, host.inChannels() / groups, kernel);
    this.hostWeight = host.getParameters().get("weight");
    int in = host.inChannels();
    loraA =
        addParameter(
            Parameters.of(
                "lora_A.weight",
                Parameter.Type.WEIGHT,
                new Shape(spec.rank(), in, kernel),
                new UniformInitializer((float) (1 / Math.sqrt((double) in * kernel)))));
    loraB =
        addParameter(
            Parameters.of(
                "lora_B.weight",
                Parameter.Type.WEIGHT,
                new Shape(out, spec.rank() / groups, 1),
                Initializer.ZEROS));
    magnitude =
        addParameter(
            Parameters.of(
                "lora_magnitude_vector",
                Parameter.Type.WEIGHT,
                new Shape(1, out, 1),
                (manager, shape, type) -> initialMagnitude(manager)));
  }

  /**
   * Returns the number of trainable scalars of DoRA on a convolution.
   *
   * @param rank the rank {@code r}
   * @param host the convolution
   * @return {@code r in kernel + out r / groups + out}
   */
  public static long parameterCount(int rank, AdaptableConv1d host) {
    return LoraConvDelta.parameterCount(rank, host) + host.outChannels();
  }

  /** PEFT's {@code get_weight_norm} of the host weight at this moment, on {@code manager}. */
  private NDArray initialMagnitude(NDManager manager) {
    try (NDArray l = loraWeight(loraA.getArray(), loraB.getArray());
        NDArray norm = norm(hostWeight.getArray(), l)) {
      return manager.create(norm.toFloatArray(), new Shape(1, out, 1));
    }
  }

  /**
   * PEFT's {@code get_lora_weight}: {@code B.view(-1, r) A.view(r, -1)}, unscaled, weight-shaped.
   */
  private NDArray loraWeight(NDArray a, NDArray b) {
    int r = spec.rank();
    try (NDArray b2 = b.reshape(-1, r);
        NDArray a2 = a.reshape(r, -1);
        NDArray ba = b2.matMul(a2)) {
      return ba.reshape(weightShape);
    }
  }

  /** {@code ||w + s l||} per output channel, {@code [1, out, 1]}, on the manager of {@code l}. */
  private NDArray norm(NDArray w, NDArray l) {
    try (NDArray sl = Ops.times(l, (float) spec.scaling());
        NDArray sum = sl.add(w);
        NDArray sq = sum.square();
        NDArray total = sq.sum(new int[] {1, 2});
        NDArray root = total.sqrt()) {
      return root.reshape(1, out, 1);
    }
  }

  /**
   * Returns {@code lora_A}, {@code [r, in, kernel]}.
   *
   * @return the down-projection
   */
  public Parameter loraA() {
    return loraA;
  }

  /**
   * Returns {@code lora_B}, {@code [out, r / groups, 1]}.
   *
   * @return the up-projection
   */
  public Parameter loraB() {
    return loraB;
  }

  /**
   * Returns the magnitude {@code m}, {@code [1, out, 1]} as PEFT stores it.
   *
   * @return PEFT's {@code lora_magnitude_vector}
   */
  public Parameter magnitude() {
    return magnitude;
  }

  @Override
  public NDArray apply(ParameterStore store, ConvInput input, boolean training) {
    return update(store, input.x(), input.output(), input.weight(), input.bias(), training);
  }

  private NDArray update(
      ParameterStore store, NDArray x, NDArray output, NDArray w, NDArray bias, boolean training) {
    NDManager mgr = x.getManager();
    NDArray a = Ops.value(store, loraA, x, training);
    NDArray b = Ops.value(store, loraB, x, training);
    NDArray m = Ops.value(store, magnitude, x, training);
    NDArray norm;
    try (NDArray ad = Ops.lift(a, mgr).stopGradient();
        NDArray bd = Ops.lift(b, mgr).stopGradient();
        NDArray l = loraWeight(ad, bd)) {
      norm = norm(w, l).stopGradient();
    }
    NDArray scale = Ops.lift(m, mgr).div(norm);
    NDArray h = x;
    NDArray base;
    if (training && spec.dropout() > 0) {
      h = Dropout.dropout(x, (float) spec.dropout(), true).singletonOrThrow();
      base = Convolutions.conv1d(h, w, null, stride, padding, 1, groups);
    } else if (output == null) {
      base = Convolutions.conv1d(x, w, null, stride, padding, 1, groups);
    } else {
      base = bias == null ? output : output.sub(Ops.lift(bias, mgr).reshape(1, out, 1));
    }
    NDArray lora = Convolutions.conv1d(h, a, null, stride, padding, 1, 1);
    lora = Convolutions.conv1d(lora, b, null, 1, 0, 1, groups);
    NDArray minusOne;
    try (NDArray one = mgr.full(new Shape(), 1f, scale.getDataType())) {
      minusOne = scale.sub(one);
    }
    return base.mul(minusOne).add(Ops.times(lora.mul(scale), (float) spec.scaling()));
  }

  @Override
  public boolean mergeable() {
    return groups == 1;
  }

  /**
   * Returns the LoRA part of the update as a convolution weight, {@code s B A}.
   *
   * @return {@code [out, in, kernel]}, on a new array the caller closes
   * @throws IllegalArgumentException for a grouped convolution
   */
  public NDArray deltaWeight() {
    checkArgument(
        groups == 1,
        "DoRA on a grouped convolution (groups=%s) does not merge into its weight (as in PEFT)",
        groups);
    try (NDArray l = loraWeight(loraA.getArray(), loraB.getArray())) {
      return Ops.times(l, (float) spec.scaling());
    }
  }

  /**
   * {@inheritDoc} {@code W' = m / ||W + s B A|| * (W + s B A)} per output channel; the norm is kept
   * for {@link #unmerge}, as PEFT does. The bias is unchanged.
   */
  @Override
  public void merge(NDArray weight, NDArray bias) {
    try (NDArray dw = deltaWeight()) {
      weight.addi(dw);
    }
    NDArray norm;
    try (NDArray sq = weight.square();
        NDArray total = sq.sum(new int[] {1, 2})) {
      norm = total.sqrt();
    }
    try (NDArray factor = factor(norm)) {
      weight.muli(factor);
    }
    mergedNorm = norm;
  }

  /** {@inheritDoc} {@code W = W' / (m / n) - s B A} with the norm {@code n} kept by merge. */
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

  /** {@code m / n} as {@code [out, 1, 1]}, for a norm {@code [out]}. */
  private NDArray factor(NDArray norm) {
    try (NDArray m = magnitude.getArray().reshape(out);
        NDArray ratio = m.div(norm)) {
      return ratio.reshape(out, 1, 1);
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
    long t = (s.get(2) + 2L * padding - (kernel - 1) - 1) / stride + 1;
    return new Shape[] {new Shape(s.get(0), out, t)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
