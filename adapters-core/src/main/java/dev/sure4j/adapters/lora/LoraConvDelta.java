package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.ConvInput;
import dev.sure4j.adapters.method.AdditiveDelta;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.Convolutions;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * The LoRA update of one 1-d convolution, as PEFT's {@code lora.Conv1d}: {@code delta(x) = scaling
 * * lora_B(lora_A(dropout(x)))} where {@code lora_A} is a convolution with the base kernel, stride
 * and padding and no groups, weight {@code [r, in, kernel]}, and {@code lora_B} a 1-wide
 * convolution with the base groups, weight {@code [out, r / groups, 1]}. {@code lora_A} starts from
 * PyTorch's Kaiming-uniform with {@code a = sqrt(5)}, {@code U(-1/sqrt(in kernel), 1/sqrt(in
 * kernel))}, and {@code lora_B} at zero, so the update starts at zero.
 *
 * <p>Input {@code [batch, in, time]}, output {@code [batch, out, outTime]} as the base convolution.
 * {@code r in kernel + out r / groups} parameters. Ungrouped, the update folds into the weight as
 * {@code delta W[o, i, k] = scaling sum_j B[o, j] A[j, i, k]}; grouped, it does not merge (as in
 * PEFT).
 */
public final class LoraConvDelta extends AdditiveDelta implements ConvDelta {

  private static final byte VERSION = 1;

  private final LoraSpec spec;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int groups;
  private final Parameter loraA;
  private final Parameter loraB;

  /**
   * Creates the update for a convolution.
   *
   * @param host the convolution, with dilation 1 and {@code groups} dividing the rank
   * @param spec rank, alpha and dropout
   * @throws IllegalArgumentException when the rank is not a multiple of the groups or the
   *     convolution is dilated
   */
  public LoraConvDelta(AdaptableConv1d host, LoraSpec spec) {
    super(VERSION);
    checkArgument(
        spec.rank() % host.groups() == 0,
        "LoRA rank %s must be a multiple of the convolution's groups %s (as PEFT requires)",
        spec.rank(),
        host.groups());
    checkArgument(
        host.dilation() == 1,
        "LoRA needs an undilated convolution, got dilation %s",
        host.dilation());
    this.spec = spec;
    this.out = host.outChannels();
    this.kernel = host.kernel();
    this.stride = host.stride();
    this.padding = host.padding();
    this.groups = host.groups();
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
  }

  /**
   * Returns the number of trainable scalars of LoRA on a convolution.
   *
   * @param rank the rank {@code r}
   * @param host the convolution
   * @return {@code r in kernel + out r / groups}
   */
  public static long parameterCount(int rank, AdaptableConv1d host) {
    return (long) rank * host.inChannels() * host.kernel()
        + (long) host.outChannels() * (rank / host.groups());
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

  @Override
  public NDArray apply(ParameterStore store, ConvInput input, boolean training) {
    return update(store, input.x(), training);
  }

  @Override
  protected NDArray update(ParameterStore store, NDArray x, boolean training) {
    NDArray h = dropout(x, spec.dropout(), training);
    NDArray a = Ops.value(store, loraA, x, training);
    NDArray b = Ops.value(store, loraB, x, training);
    h = Convolutions.conv1d(h, a, null, stride, padding, 1, 1);
    h = Convolutions.conv1d(h, b, null, 1, 0, 1, groups);
    return Ops.times(h, (float) spec.scaling());
  }

  @Override
  public boolean mergeable() {
    return groups == 1;
  }

  /**
   * Returns the update as a convolution weight, {@code scaling B A}.
   *
   * @return {@code [out, in, kernel]}, on a new array the caller closes
   * @throws IllegalArgumentException for a grouped convolution
   */
  @Override
  public NDArray deltaWeight() {
    checkArgument(
        groups == 1,
        "LoRA on a grouped convolution (groups=%s) does not merge into its weight (as in PEFT)",
        groups);
    NDArray a = loraA.getArray();
    try (NDArray b2 = loraB.getArray().reshape(out, spec.rank());
        NDArray a2 = a.reshape(spec.rank(), -1);
        NDArray ba = b2.matMul(a2);
        NDArray shaped = ba.reshape(out, a.getShape().get(1), kernel)) {
      return shaped.mul((float) spec.scaling());
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long t = (s.get(2) + 2L * padding - (kernel - 1) - 1) / stride + 1;
    return new Shape[] {new Shape(s.get(0), out, t)};
  }
}
