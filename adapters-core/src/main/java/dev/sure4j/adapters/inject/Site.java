package dev.sure4j.adapters.inject;

/** The kinds of host block an injection point can be, and so which methods it accepts. */
public enum Site {
  /** An {@code AdaptableLinear}: carries {@link LinearDelta}s such as LoRA. */
  LINEAR,
  /**
   * A {@code ResidualSite}: carries serial adapters (bottleneck, ConvAdapter) on {@code [.., D]}.
   */
  RESIDUAL,
  /** A self-attention block: carries {@link PrefixProvider}s (prefix tuning). */
  ATTENTION,
  /**
   * An {@code AdaptableConv1d}: a 1-d convolution over {@code [batch, in, time]} that carries
   * {@link ConvDelta}s such as LoRA on convolutions.
   */
  CONV1D
}
