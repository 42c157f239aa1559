package dev.sure4j.adapters.conv;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.ResidualAdapterSpec;
import dev.sure4j.adapters.ResidualSpecBuilder;
import dev.sure4j.adapters.Targets;

/**
 * The SURE ConvAdapter: a convolutional bottleneck with squeeze-excitation, added as a residual
 * branch at the end of each encoder layer.
 *
 * <p>For an input {@code x: [batch, frames, D]} and {@code w = D * widthRatio}: {@code LayerNorm(D)
 * -> Conv1d(D -> w, k = kernelIn, groups = w) -> ReLU -> Conv1d(w -> w, k = kernelDepthwise, groups
 * = w) -> Conv1d(w -> D, k = kernelOut, groups = w) -> squeeze-excitation(D, seReduction) -> + x}.
 * Convolutions have no bias and 'same' padding. Defaults equal the reference: width ratio 0.5,
 * kernels 3, 5, 3, SE reduction 16, layer norm on, which at {@code D = 1024} is 141,824 parameters
 * per layer, and every convolution starts random ({@link AdapterInit#SEED}); with {@link
 * AdapterInit#IDENTITY} the up convolution starts at zero and the adapter is the identity at step
 * 0.
 *
 * @param widthRatio the bottleneck width as a fraction of {@code D}, in {@code (0, 1]}
 * @param kernelIn the kernel of the first (down) convolution, odd
 * @param kernelDepthwise the kernel of the depthwise convolution, odd
 * @param kernelOut the kernel of the last (up) convolution, odd
 * @param seReduction the squeeze-excitation reduction, {@code >= 1}
 * @param layerNorm whether the input is layer-normalised first
 * @param init how the adapter starts: {@code SEED} (all random) or {@code IDENTITY} (up convolution
 *     zero)
 * @param targets the residual sites, {@code post_ffn} by default
 */
public record ConvAdapterSpec(
    double widthRatio,
    int kernelIn,
    int kernelDepthwise,
    int kernelOut,
    int seReduction,
    boolean layerNorm,
    AdapterInit init,
    Targets targets)
    implements ResidualAdapterSpec {

  /** The SURE placement: the last operation of every encoder layer. */
  public static final Targets DEFAULT_TARGETS = Targets.modules("post_ffn");

  /** Validates the values. */
  public ConvAdapterSpec {
    checkArgument(
        widthRatio > 0 && widthRatio <= 1,
        "ConvAdapter width ratio must be in (0, 1]: %s",
        widthRatio);
    checkOddKernel("kernelIn", kernelIn);
    checkOddKernel("kernelDepthwise", kernelDepthwise);
    checkOddKernel("kernelOut", kernelOut);
    checkArgument(seReduction >= 1, "ConvAdapter SE reduction must be >= 1: %s", seReduction);
    checkArgument(init != null, "ConvAdapter init must not be null");
    checkArgument(targets != null, "ConvAdapter targets must not be null");
  }

  private static void checkOddKernel(String name, int k) {
    checkArgument(
        k >= 1 && k % 2 == 1,
        "ConvAdapter %s must be odd and >= 1 for 'same' padding: %s",
        name,
        k);
  }

  /**
   * Returns the bottleneck width for hidden size {@code hidden}, checking that the grouped
   * convolutions fit.
   *
   * @param hidden the host hidden size {@code D}
   * @return {@code w = floor(D * widthRatio)}
   */
  public int widthFor(int hidden) {
    int w = (int) Math.floor(hidden * widthRatio);
    checkArgument(
        w >= 1 && hidden % w == 0,
        "ConvAdapter width %s (hidden %s x ratio %s) must be >= 1 and divide the hidden size",
        w,
        hidden,
        widthRatio);
    checkArgument(
        hidden / seReduction >= 1,
        "ConvAdapter SE reduction %s is larger than the hidden size %s",
        seReduction,
        hidden);
    return w;
  }

  @Override
  public String method() {
    return "CONV_ADAPTER";
  }

  /**
   * Returns a builder with the SURE reference defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ConvAdapterSpec}; every value is optional. Layer norm on and {@code post_ffn}
   * by default.
   */
  public static final class Builder extends ResidualSpecBuilder<Builder> {
    private double widthRatio = 0.5;
    private int kernelIn = 3;
    private int kernelDepthwise = 5;
    private int kernelOut = 3;
    private int seReduction = 16;

    private Builder() {
      super(true, DEFAULT_TARGETS);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the width ratio (default 0.5).
     *
     * @param widthRatio a fraction in {@code (0, 1]}
     * @return this builder
     */
    public Builder optWidthRatio(double widthRatio) {
      this.widthRatio = widthRatio;
      return this;
    }

    /**
     * Sets the three kernel sizes (default 3, 5, 3).
     *
     * @param in the down convolution's kernel
     * @param depthwise the depthwise convolution's kernel
     * @param out the up convolution's kernel
     * @return this builder
     */
    public Builder optKernels(int in, int depthwise, int out) {
      this.kernelIn = in;
      this.kernelDepthwise = depthwise;
      this.kernelOut = out;
      return this;
    }

    /**
     * Sets the squeeze-excitation reduction (default 16).
     *
     * @param seReduction the reduction, {@code >= 1}
     * @return this builder
     */
    public Builder optSeReduction(int seReduction) {
      this.seReduction = seReduction;
      return this;
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     */
    public ConvAdapterSpec build() {
      return new ConvAdapterSpec(
          widthRatio, kernelIn, kernelDepthwise, kernelOut, seReduction, layerNorm, init, targets);
    }
  }
}
