package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;

/**
 * What a host gives each {@link WeightDelta} in a forward pass: its input, its own output, and its
 * weight and bias. Additive updates (LoRA, VeRA) read only {@code x}; methods that rescale the
 * layer (DoRA, IA3) also read the output or the weight.
 *
 * <p>Shapes: for a linear layer {@code x [..., in]}, {@code output [..., out]}, {@code weight [out,
 * in]}; for a 1-d convolution {@code x [batch, in, time]}, {@code output [batch, out, outTime]},
 * {@code weight [out, in / groups, kernel]}; {@code bias [out]} for both.
 *
 * @param x the host's input
 * @param output the base host's output, with merged adapters folded in and without unmerged ones
 * @param weight the host's weight as used in this pass
 * @param bias the host's bias, or null when it has none
 */
public record WeightInput(NDArray x, NDArray output, NDArray weight, NDArray bias) {}
