package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.Site;

/**
 * A 1-d convolution that can carry updates ({@link ConvDelta}, e.g. LoRA) and, when it is not
 * grouped, fold them into its weight.
 *
 * <p>Parameters have PyTorch's names: {@code weight [out, in / groups, kernel]} and an optional
 * {@code bias [out]}, initialised like {@code nn.Conv1d} ({@code U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))}, {@code fan_in = in / groups * kernel}). It computes {@link
 * Convolutions#conv1d}. Input {@code [batch, in, time]}; output {@code [batch, out, (time + 2
 * padding - dilation (kernel - 1) - 1) / stride + 1]}.
 */
public final class AdaptableConv1d extends MergingHost {

  private static final byte VERSION = 1;

  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final int groups;
  private final int dilation;
  private final boolean injectionPoint;

  /**
   * Creates a convolution.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size, in frames or samples
   * @param stride stride, in frames or samples
   * @param padding zeros added at each end of the time axis
   * @param groups groups; divides {@code in} and {@code out}
   * @param dilation spacing between kernel taps, 1 for an ordinary convolution
   * @param withBias whether there is a bias
   */
  public AdaptableConv1d(
      int in,
      int out,
      int kernel,
      int stride,
      int padding,
      int groups,
      int dilation,
      boolean withBias) {
    this(
        builder()
            .setChannels(in, out)
            .setKernel(kernel)
            .optStride(stride)
            .optPadding(padding)
            .optGroups(groups)
            .optDilation(dilation)
            .optBias(withBias));
  }

  /**
   * Returns a builder: channels and kernel are required; stride 1, padding 0, groups 1, dilation 1,
   * a bias and being an injection point are the defaults.
   *
   * @return a new builder
   */
  public static AdaptableConv1dBuilder builder() {
    return new AdaptableConv1dBuilder();
  }

  AdaptableConv1d(AdaptableConv1dBuilder b) {
    super(VERSION, Site.CONV1D, "convolution", ConvDelta.class);
    int in = b.in;
    int out = b.out;
    int kernel = b.kernel;
    int stride = b.stride;
    int padding = b.padding;
    int groups = b.groups;
    int dilation = b.dilation;
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
    checkGroups(in, out, groups);
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.groups = groups;
    this.dilation = dilation;
    this.injectionPoint = b.injectionPoint;
    float bound = (float) (1 / Math.sqrt((double) in / groups * kernel));
    addWeightAndBias(new Shape(out, in / groups, kernel), b.bias, bound);
  }

  /**
   * Returns the number of input channels.
   *
   * @return {@code in}
   */
  public int inChannels() {
    return in;
  }

  /**
   * Returns the number of output channels.
   *
   * @return {@code out}
   */
  public int outChannels() {
    return out;
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

  /**
   * Returns the zero padding at each end of the time axis.
   *
   * @return frames or samples
   */
  public int padding() {
    return padding;
  }

  /**
   * Returns the number of groups.
   *
   * @return {@code groups}, 1 for an ordinary convolution
   */
  public int groups() {
    return groups;
  }

  /**
   * Returns the dilation.
   *
   * @return the spacing between kernel taps, 1 for an ordinary convolution
   */
  public int dilation() {
    return dilation;
  }

  /** {@inheritDoc} For a convolution: its input channels {@code in}. */
  @Override
  public int hidden() {
    return in;
  }

  /**
   * {@inheritDoc} False for a convolution built with {@code optInjectionPoint(false)}: a fixed part
   * of a model (Whisper's stem, the TTS and HiFi-GAN convolutions) that targets never select.
   */
  @Override
  public boolean injectionPoint() {
    return injectionPoint;
  }

  @Override
  protected NDArray baseOutput(NDArray x, NDArray w, NDArray b) {
    return Convolutions.conv1d(x, w, b, stride, padding, dilation, groups);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long t = (s.get(2) + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
    return new Shape[] {new Shape(s.get(0), out, t)};
  }

  /**
   * Checks that the groups of a grouped convolution divide its input and output channels.
   *
   * @param in input channels
   * @param out output channels
   * @param groups the groups (&gt; 0)
   * @throws IllegalArgumentException naming all three when they do not
   */
  public static void checkGroups(int in, int out, int groups) {
    checkArgument(
        in % groups == 0 && out % groups == 0,
        "groups %s must divide in %s and out %s",
        groups,
        in,
        out);
  }
}
