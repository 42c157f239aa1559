package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * The one 1-d convolution every sure4j block runs, with its zero padding applied here rather than
 * inside libtorch's convolution kernel.
 *
 * <p>libtorch hands a padded convolution to the kernel library of the CPU it runs on (oneDNN's JIT
 * or GEMM convolutions for float32 batches, ATen's own otherwise), and each implementation treats
 * the padded border columns its own way. The one parity case whose dilated kernel is wider than its
 * input (HiFi-GAN {@code ResBlock2}, kernel 5, dilation 6 over 22 samples: a receptive field of 25
 * samples, so that middle output columns reach into the padding on both sides) matched PyTorch
 * within 3e-7 with the AVX2 kernels of libtorch 2.7.1 and was off by 0.087 to 0.25, or NaN, with
 * its AVX-512 kernels. Padding the input with zeros first ({@code constant_pad_nd}, a copy) and
 * convolving without padding computes the same sums while no kernel sees a padded border at all, so
 * the result does not depend on how a kernel path treats one. The copy costs one pass over the
 * input, small beside the convolution (docs/kernel-matrix.md).
 */
public final class Convolutions {

  private Convolutions() {}

  /**
   * Computes PyTorch's {@code conv1d(x, w, b, stride, padding, dilation, groups)}.
   *
   * @param x input {@code [batch, in, time]}
   * @param w weight {@code [out, in / groups, kernel]}
   * @param b bias {@code [out]}, or null
   * @param stride the stride, at least 1
   * @param padding zeros added at each end of the time axis, at least 0
   * @param dilation the spacing between kernel taps, at least 1
   * @param groups the number of groups, dividing {@code in} and {@code out}
   * @return {@code [batch, out, (time + 2 padding - dilation (kernel - 1) - 1) / stride + 1]}
   */
  public static NDArray conv1d(
      NDArray x, NDArray w, NDArray b, int stride, int padding, int dilation, int groups) {
    checkArgument(padding >= 0, "negative padding %s", padding);
    NDArray in = padding == 0 ? x : x.pad(new Shape(padding, padding), 0);
    return Conv1d.conv1d(in, w, b, new Shape(stride), new Shape(0), new Shape(dilation), groups)
        .singletonOrThrow();
  }
}
