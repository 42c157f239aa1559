package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.Convolutions;
import dev.sure4j.adapters.nn.Ops;

/**
 * The {@link LoraLayout} of an undilated 1-d convolution {@code [batch, in, time] -> [batch, out,
 * outTime]}.
 *
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 * @param padding zeros at each end of the time axis
 * @param groups groups
 */
record ConvLayout(int in, int out, int kernel, int stride, int padding, int groups)
    implements LoraLayout {

  /**
   * Takes the layout of a convolution a method's factors can go on.
   *
   * @param host the convolution
   * @param rank the rank {@code r}
   * @param method the method in messages, {@code LoRA} or {@code DoRA}
   * @return its layout
   * @throws IllegalArgumentException when the rank is not a multiple of the groups or the
   *     convolution is dilated
   */
  static ConvLayout of(AdaptableConv1d host, int rank, String method) {
    checkArgument(
        rank % host.groups() == 0,
        "%s rank %s must be a multiple of the convolution's groups %s (as PEFT requires)",
        method,
        rank,
        host.groups());
    checkArgument(
        host.dilation() == 1,
        "%s needs an undilated convolution, got dilation %s",
        method,
        host.dilation());
    return new ConvLayout(
        host.inChannels(),
        host.outChannels(),
        host.kernel(),
        host.stride(),
        host.padding(),
        host.groups());
  }

  @Override
  public Shape aShape(int rank) {
    return new Shape(rank, in, kernel);
  }

  @Override
  public Shape bShape(int rank) {
    return new Shape(out, rank / groups, 1);
  }

  @Override
  public float aBound() {
    return (float) (1 / Math.sqrt((double) in * kernel));
  }

  @Override
  public NDArray host(NDArray x, NDArray weight) {
    return Convolutions.conv1d(x, weight, null, stride, padding, 1, groups);
  }

  @Override
  public NDArray lora(NDArray x, NDArray a, NDArray b) {
    NDArray h = Convolutions.conv1d(x, a, null, stride, padding, 1, 1);
    return Convolutions.conv1d(h, b, null, 1, 0, 1, groups);
  }

  @Override
  public NDArray product(NDArray a, NDArray b, int rank) {
    try (NDArray b2 = b.reshape(-1, rank);
        NDArray a2 = a.reshape(rank, -1);
        NDArray ba = b2.matMul(a2)) {
      return ba.reshape(out, in / groups, kernel);
    }
  }

  @Override
  public NDArray withoutBias(NDArray output, NDArray bias, NDManager manager) {
    return output.sub(Ops.lift(bias, manager).reshape(1, out, 1));
  }

  @Override
  public int[] normAxes() {
    return new int[] {1, 2};
  }

  @Override
  public Shape magnitudeShape() {
    return new Shape(1, out, 1);
  }

  @Override
  public Shape factorShape() {
    return new Shape(out, 1, 1);
  }

  @Override
  public Shape outputShape(Shape input) {
    long t = (input.get(2) + 2L * padding - (kernel - 1) - 1) / stride + 1;
    return new Shape(input.get(0), out, t);
  }

  @Override
  public boolean mergeable() {
    return groups == 1;
  }
}
