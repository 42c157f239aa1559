package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.Convolutions;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * A 1-d convolution with PyTorch's parameter names: {@code weight [out, in / groups, kernel]} and
 * an optional {@code bias [out]}, initialised like {@code nn.Conv1d} ({@code U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))}).
 *
 * <p>Input {@code [batch, in, time]}; output {@code [batch, out, (time + 2 padding - dilation
 * (kernel - 1) - 1) / stride + 1]}.
 */
public final class Conv1dBlock extends NamedBlock {

  private static final byte VERSION = 1;

  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int groups;
  private final int dilation;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates a convolution.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size
   * @param stride stride
   * @param padding zero padding on each side
   * @param groups groups; divides {@code in} and {@code out}
   * @param withBias whether there is a bias
   */
  public Conv1dBlock(
      int in, int out, int kernel, int stride, int padding, int groups, boolean withBias) {
    this(in, out, kernel, stride, padding, groups, 1, withBias);
  }

  /**
   * Creates a dilated convolution.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size
   * @param stride stride
   * @param padding zero padding on each side
   * @param groups groups; divides {@code in} and {@code out}
   * @param dilation spacing between kernel taps, 1 for an ordinary convolution
   * @param withBias whether there is a bias
   */
  public Conv1dBlock(
      int in,
      int out,
      int kernel,
      int stride,
      int padding,
      int groups,
      int dilation,
      boolean withBias) {
    super(VERSION);
    checkArgument(
        in > 0 && out > 0 && kernel > 0 && stride > 0 && padding >= 0 && groups > 0 && dilation > 0,
        "bad convolution: in=%s out=%s kernel=%s stride=%s padding=%s groups=%s dilation=%s",
        in,
        out,
        kernel,
        stride,
        padding,
        groups,
        dilation);
    checkArgument(
        in % groups == 0 && out % groups == 0,
        "groups %s must divide in %s and out %s",
        groups,
        in,
        out);
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.groups = groups;
    this.dilation = dilation;
    float bound = (float) (1 / Math.sqrt((double) in / groups * kernel));
    weight =
        addParameter(
            Parameters.of(
                "weight",
                Parameter.Type.WEIGHT,
                new Shape(out, in / groups, kernel),
                new UniformInitializer(bound)));
    bias =
        withBias
            ? addParameter(
                Parameters.of(
                    "bias", Parameter.Type.BIAS, new Shape(out), new UniformInitializer(bound)))
            : null;
  }

  /**
   * Returns the kernel size.
   *
   * @return frames or samples
   */
  public int kernel() {
    return kernel;
  }

  /**
   * Returns the stride.
   *
   * @return frames or samples
   */
  public int stride() {
    return stride;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = Ops.value(store, weight, x, training);
    NDArray b = bias == null ? null : Ops.value(store, bias, x, training);
    return new NDList(Convolutions.conv1d(x, w, b, stride, padding, dilation, groups));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long t = (s.get(2) + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
    return new Shape[] {new Shape(s.get(0), out, t)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
