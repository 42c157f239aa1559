package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;

/**
 * What a linear host gives each {@link LinearDelta} in a forward pass: its input, its own output,
 * and its weight and bias. Additive updates (LoRA, VeRA) read only {@code x}; methods that rescale
 * the layer (DoRA, IA3) also read the output or the weight.
 *
 * @param x the layer's input {@code [..., in]}
 * @param output the base layer's output {@code x W^T + b} {@code [..., out]}, with merged adapters
 *     folded in and without unmerged ones
 * @param weight the layer's weight {@code [out, in]} as used in this pass
 * @param bias the layer's bias {@code [out]}, or null when it has none
 */
public record LinearInput(NDArray x, NDArray output, NDArray weight, NDArray bias) {}
