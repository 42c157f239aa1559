package dev.sure4j.adapters.inject;

import ai.djl.ndarray.NDArray;

/**
 * What a convolution host gives each {@link ConvDelta} in a forward pass: its input, its own
 * output, and its weight and bias, together with the geometry of the convolution.
 *
 * @param x the convolution's input {@code [batch, in, time]}
 * @param output the base convolution's output {@code [batch, out, outTime]}, with merged adapters
 *     folded in and without unmerged ones
 * @param weight the convolution's weight {@code [out, in / groups, kernel]} as used in this pass
 * @param bias the convolution's bias {@code [out]}, or null when it has none
 */
public record ConvInput(NDArray x, NDArray output, NDArray weight, NDArray bias) {}
