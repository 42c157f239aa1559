package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.WeightInput;
import dev.sure4j.adapters.nn.AdaptableConv1d;

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
public final class LoraConvDelta extends LoraWeightDelta implements ConvDelta {

  /**
   * Creates the update for a convolution.
   *
   * @param host the convolution, with dilation 1 and {@code groups} dividing the rank
   * @param spec rank, alpha and dropout
   * @throws IllegalArgumentException when the rank is not a multiple of the groups or the
   *     convolution is dilated
   */
  public LoraConvDelta(AdaptableConv1d host, LoraSpec spec) {
    this(ConvLayout.of(host, spec.rank(), "LoRA"), spec);
  }

  private LoraConvDelta(ConvLayout layout, LoraSpec spec) {
    super(layout, spec, new UniformInitializer(layout.aBound()), null);
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

  @Override
  public NDArray apply(ParameterStore store, WeightInput input, boolean training) {
    return update(store, input.x(), training);
  }
}
