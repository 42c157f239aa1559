package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.WeightInput;
import dev.sure4j.adapters.nn.AdaptableConv1d;

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
public final class DoraConvDelta extends DoraWeightDelta implements ConvDelta {

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
    super(ConvLayout.of(host, spec.rank(), "DoRA"), host.getParameters().get("weight"), spec);
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

  @Override
  public NDArray apply(ParameterStore store, WeightInput input, boolean training) {
    return update(store, input.x(), input.output(), input.weight(), input.bias(), training);
  }
}
