package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.WeightInput;

/**
 * The DoRA update of one linear layer (Liu et al., 2024; PEFT's {@code use_dora}): the adapted
 * weight is {@code m / ||W + s B A|| * (W + s B A)}, the row-normalised LoRA-updated weight times a
 * trainable magnitude {@code m [out]}, where {@code ||.||} is the L2 norm of each output row and
 * {@code s} the LoRA scaling. {@code lora_A [r, in]} and {@code lora_B [out, r]} start as in {@link
 * LoraDelta}; {@code lora_magnitude_vector [out]} starts at {@code ||W + s B A||} of the host's
 * weight, so the update starts at zero.
 *
 * <p>The host adds {@code (m / n - 1) (x W^T) + (m / n) s B A x} with {@code n = ||W + s B A||}
 * detached from the gradient (as PEFT does), so the bias is left as it is. With dropout active in
 * training, {@code x} is dropped out in both terms.
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. {@code r (in + out) + out} parameters.
 */
public final class DoraDelta extends DoraWeightDelta implements LinearDelta {

  /**
   * Creates the update for a linear layer.
   *
   * @param in the layer's input features
   * @param out the layer's output features
   * @param hostWeight the layer's weight {@code [out, in]}, initialised before this block is; the
   *     magnitude starts at its row norms
   * @param spec rank, alpha, dropout and rsLoRA scaling
   */
  public DoraDelta(int in, int out, Parameter hostWeight, LoraSpec spec) {
    super(new LinearLayout(in, out), hostWeight, spec);
  }

  @Override
  public NDArray apply(ParameterStore store, WeightInput input, boolean training) {
    return update(store, input.x(), input.output(), input.weight(), input.bias(), training);
  }
}
