/**
 * The SURE ConvAdapter: {@link dev.sure4j.adapters.conv.ConvAdapter}, a convolutional bottleneck
 * with squeeze-excitation at the end of each encoder layer.
 */
package dev.sure4j.adapters.conv;
