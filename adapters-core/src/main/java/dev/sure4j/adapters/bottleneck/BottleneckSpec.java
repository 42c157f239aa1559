package dev.sure4j.adapters.bottleneck;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.ResidualAdapterSpec;
import dev.sure4j.adapters.ResidualSpecBuilder;
import dev.sure4j.adapters.Targets;

/**
 * A bottleneck adapter (Houlsby et al., 2019; Pfeiffer et al., 2020): {@code x + scaling *
 * up(act(down(norm(x))))} with {@code down: Linear(D -> w)} and {@code up: Linear(w -> D)}, both
 * with bias, inserted at residual sites of each layer.
 *
 * <p>Defaults follow the SURE reference: width {@code D / 2} (reduction factor 2), ReLU, no layer
 * norm, scaling 1, one adapter after the feed-forward block of every layer (the last operation of
 * the layer), and PyTorch's default {@code nn.Linear} initialisation for both projections ({@link
 * AdapterInit#SEED}). With {@link AdapterInit#IDENTITY} the up-projection starts at zero and the
 * adapter starts as the identity.
 *
 * @param width the bottleneck width {@code w}; 0 means {@code D / reductionFactor}, rounded down
 * @param reductionFactor the divisor of the hidden size used when {@code width} is 0
 * @param activation the non-linearity
 * @param scaling the factor on the adapter branch
 * @param layerNorm whether a layer norm precedes the down-projection
 * @param init how the adapter starts: {@code SEED} (all random) or {@code IDENTITY} (up-projection
 *     zero)
 * @param targets the residual sites: {@code post_attention} and/or {@code post_ffn}
 */
public record BottleneckSpec(
    int width,
    double reductionFactor,
    AdapterActivation activation,
    double scaling,
    boolean layerNorm,
    AdapterInit init,
    Targets targets)
    implements ResidualAdapterSpec {

  /** The SURE placement: after the feed-forward block of every layer. */
  public static final Targets DEFAULT_TARGETS = Targets.modules("post_ffn");

  /** Validates the values. */
  public BottleneckSpec {
    checkArgument(
        width >= 0, "bottleneck width must be >= 0 (0 = derive from reduction factor): %s", width);
    checkArgument(
        Double.isFinite(reductionFactor) && reductionFactor >= 1,
        "bottleneck reduction factor must be >= 1: %s",
        reductionFactor);
    checkArgument(activation != null, "bottleneck activation must not be null");
    checkArgument(init != null, "bottleneck init must not be null");
    checkArgument(Double.isFinite(scaling), "bottleneck scaling must be finite: %s", scaling);
    checkArgument(targets != null, "bottleneck targets must not be null");
  }

  /**
   * Returns the bottleneck width for a host of hidden size {@code hidden}.
   *
   * @param hidden the host hidden size {@code D}
   * @return the width, at least 1
   */
  public int widthFor(int hidden) {
    int w = width > 0 ? width : (int) Math.floor(hidden / reductionFactor);
    checkArgument(
        w >= 1,
        "bottleneck width for hidden size %s with reduction %s is 0",
        (Object) hidden,
        reductionFactor);
    return w;
  }

  @Override
  public String method() {
    return "BOTTLENECK";
  }

  /**
   * The Pfeiffer configuration: one adapter after the feed-forward block, reduction 16, ReLU,
   * up-projection at zero.
   *
   * @return the spec
   */
  public static BottleneckSpec pfeiffer() {
    return builder().optReductionFactor(16).optInit(AdapterInit.IDENTITY).build();
  }

  /**
   * The Houlsby configuration: adapters after attention and after the feed-forward block, reduction
   * 16, ReLU, up-projection at zero.
   *
   * @return the spec
   */
  public static BottleneckSpec houlsby() {
    return builder()
        .optReductionFactor(16)
        .optInit(AdapterInit.IDENTITY)
        .optTargets(Targets.modules("post_attention", "post_ffn"))
        .build();
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
   * Builds a {@link BottleneckSpec}; every value is optional. Layer norm off and {@code post_ffn}
   * by default.
   */
  public static final class Builder extends ResidualSpecBuilder<Builder> {
    private int width;
    private double reductionFactor = 2;
    private AdapterActivation activation = AdapterActivation.RELU;
    private double scaling = 1;

    private Builder() {
      super(false, DEFAULT_TARGETS);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets an absolute width, overriding the reduction factor.
     *
     * @param width the bottleneck width, {@code > 0}
     * @return this builder
     */
    public Builder optWidth(int width) {
      checkArgument(width > 0, "bottleneck width must be > 0: %s", width);
      this.width = width;
      return this;
    }

    /**
     * Sets the reduction factor (default 2): width = hidden / factor.
     *
     * @param reductionFactor the factor, {@code >= 1}
     * @return this builder
     */
    public Builder optReductionFactor(double reductionFactor) {
      this.reductionFactor = reductionFactor;
      return this;
    }

    /**
     * Sets the activation (default ReLU).
     *
     * @param activation the activation
     * @return this builder
     */
    public Builder optActivation(AdapterActivation activation) {
      this.activation = activation;
      return this;
    }

    /**
     * Sets the scaling of the adapter branch (default 1).
     *
     * @param scaling the factor
     * @return this builder
     */
    public Builder optScaling(double scaling) {
      this.scaling = scaling;
      return this;
    }

    /**
     * Shorthand for {@code optInit(zeroInitUp ? IDENTITY : SEED)}.
     *
     * @param zeroInitUp whether to zero the up-projection
     * @return this builder
     */
    public Builder optZeroInitUp(boolean zeroInitUp) {
      return optInit(zeroInitUp ? AdapterInit.IDENTITY : AdapterInit.SEED);
    }

    /**
     * Validates and builds the spec.
     *
     * @return the spec
     */
    public BottleneckSpec build() {
      return new BottleneckSpec(
          width, reductionFactor, activation, scaling, layerNorm, init, targets);
    }
  }
}
