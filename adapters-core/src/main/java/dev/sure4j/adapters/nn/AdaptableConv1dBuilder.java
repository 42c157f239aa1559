package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Builds an {@link AdaptableConv1d}: {@code setX} values are required, {@code optX} optional.
 *
 * <pre>{@code
 * AdaptableConv1d conv = AdaptableConv1d.builder()
 *     .setChannels(80, 384).setKernel(3).optStride(2).optPadding(1)
 *     .optInjectionPoint(false).build();
 * }</pre>
 */
public final class AdaptableConv1dBuilder {

  int in;
  int out;
  int kernel;
  int stride = 1;
  int padding;
  int groups = 1;
  int dilation = 1;
  boolean bias = true;
  boolean injectionPoint = true;

  AdaptableConv1dBuilder() {}

  /**
   * Sets the channels.
   *
   * @param in input channels
   * @param out output channels
   * @return this builder
   */
  public AdaptableConv1dBuilder setChannels(int in, int out) {
    this.in = in;
    this.out = out;
    return this;
  }

  /**
   * Sets the kernel size.
   *
   * @param kernel frames or samples
   * @return this builder
   */
  public AdaptableConv1dBuilder setKernel(int kernel) {
    this.kernel = kernel;
    return this;
  }

  /**
   * Sets the stride (default 1).
   *
   * @param stride frames or samples
   * @return this builder
   */
  public AdaptableConv1dBuilder optStride(int stride) {
    this.stride = stride;
    return this;
  }

  /**
   * Sets the zeros added at each end of the time axis (default 0).
   *
   * @param padding frames or samples
   * @return this builder
   */
  public AdaptableConv1dBuilder optPadding(int padding) {
    this.padding = padding;
    return this;
  }

  /**
   * Sets the groups (default 1); they divide both channel counts.
   *
   * @param groups the groups
   * @return this builder
   */
  public AdaptableConv1dBuilder optGroups(int groups) {
    this.groups = groups;
    return this;
  }

  /**
   * Sets the spacing between kernel taps (default 1, an ordinary convolution).
   *
   * @param dilation the dilation
   * @return this builder
   */
  public AdaptableConv1dBuilder optDilation(int dilation) {
    this.dilation = dilation;
    return this;
  }

  /**
   * Sets whether there is a bias (default true).
   *
   * @param bias whether there is a bias
   * @return this builder
   */
  public AdaptableConv1dBuilder optBias(boolean bias) {
    this.bias = bias;
    return this;
  }

  /**
   * Sets whether the convolution is an injection point (default true). False keeps a fixed part of
   * a model out of {@code InjectionPoints}, so that no target selects it.
   *
   * @param injectionPoint whether adapters may be targeted here
   * @return this builder
   */
  public AdaptableConv1dBuilder optInjectionPoint(boolean injectionPoint) {
    this.injectionPoint = injectionPoint;
    return this;
  }

  /**
   * Validates and builds.
   *
   * @return the convolution, not initialised
   * @throws IllegalArgumentException naming the values when a size is not positive, padding is
   *     negative, or groups do not divide the channels
   */
  public AdaptableConv1d build() {
    checkArgument(in > 0 && out > 0, "set the channels (> 0): in=%s out=%s", in, out);
    return new AdaptableConv1d(this);
  }
}
