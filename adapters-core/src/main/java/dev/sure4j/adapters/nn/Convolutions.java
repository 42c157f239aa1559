package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The one convolution every sure4j block runs, computed as a matrix product of the weights with the
 * input's kernel windows ({@code im2col}) rather than by libtorch's convolution kernels.
 *
 * <p>libtorch 2.7.1 hands a float32 convolution to the oneDNN 3.7.1 kernels of the CPU it runs on.
 * On an AMD EPYC with AVX-512 those kernels return wrong sums whenever a group's input channels are
 * more than one 16-channel block and not a multiple of it (20 or 24 channels: errors of order 1 on
 * unit-variance data, other errors with one thread than with two, and others again under {@code
 * DNNL_MAX_CPU_ISA=AVX2}, whose 8-channel blocks leave a tail too), and their data gradient is
 * wrong for 4 output channels. The same problems are right on the same machine with PyTorch 1.13's
 * oneDNN 2.6.3, which picks the same kernel, and with libtorch's own (non-oneDNN) path. HiFi-GAN's
 * 20-mel {@code conv_pre} hit the first one. A matrix product is the one kernel every CPU runs
 * through the same well-tested BLAS routine, and the one sure4j's linear layers already use, so a
 * convolution's result no longer depends on which convolution kernel a CPU selects
 * (docs/kernel-matrix.md).
 *
 * <p>Cost: the windows are a copy {@code kernel} times the size of the input, kept for the backward
 * pass when the convolution's weights or input need gradients.
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
    checkArgument(
        stride > 0 && dilation > 0 && groups > 0,
        "bad convolution: stride %s, dilation %s, groups %s",
        stride,
        dilation,
        groups);
    Shape xs = x.getShape();
    Shape ws = w.getShape();
    checkArgument(xs.dimension() == 3 && ws.dimension() == 3, "convolution of %s with %s", xs, ws);
    long batch = xs.get(0);
    long in = xs.get(1);
    long out = ws.get(0);
    long inPerGroup = ws.get(1);
    int kernel = (int) ws.get(2);
    checkArgument(
        in == inPerGroup * groups && out % groups == 0,
        "input %s does not fit weight %s in %s groups",
        xs,
        ws,
        groups);
    long time = xs.get(2) + 2L * padding;
    long outTime = (time - (long) dilation * (kernel - 1) - 1) / stride + 1;
    checkArgument(outTime > 0, "input %s is shorter than the kernel's field", xs);
    NDArray padded = padding == 0 ? x : x.pad(new Shape(padding, padding), 0);
    if (inPerGroup == 1 && out == groups) {
      return depthwise(padded, w, b, stride, dilation, outTime, x);
    }
    // [groups, batch, time, in / groups]: each window below is then a slice along time
    NDArray rows = padded.reshape(batch, groups, inPerGroup, time).transpose(1, 0, 3, 2);
    NDList taps = new NDList(kernel);
    for (int j = 0; j < kernel; j++) {
      taps.add(rows.get(window(j, stride, dilation, outTime)));
    }
    // [groups, batch * outTime, kernel * in / groups]: the taps stacked outside the channels, so
    // that each tap's window is copied in contiguous runs of in / groups values
    NDArray windows = NDArrays.stack(taps, 3).reshape(groups, batch * outTime, kernel * inPerGroup);
    // [groups, kernel * in / groups, out / groups], ordered as the windows: (tap, channel)
    NDArray weights =
        Ops.local(w.reshape(groups, out / groups, inPerGroup, kernel), x)
            .transpose(0, 3, 2, 1)
            .reshape(groups, kernel * inPerGroup, out / groups);
    NDArray y =
        windows
            .matMul(weights)
            .reshape(groups, batch, outTime, out / groups)
            .transpose(1, 0, 3, 2)
            .reshape(batch, out, outTime);
    return b == null ? y : y.add(Ops.local(b.reshape(1, out, 1), x));
  }

  /**
   * The samples kernel tap {@code tap} reads for each of {@code outTime} outputs: a strided slice
   * of axis 2, the time axis of both the padded input and its {@code [groups, batch, time, in]}
   * view.
   */
  private static NDIndex window(int tap, int stride, int dilation, long outTime) {
    long start = (long) tap * dilation;
    return new NDIndex(":, :, {}:{}:{}", start, start + (outTime - 1) * stride + 1, stride);
  }

  /**
   * A depthwise convolution (one input and one output channel a group) as a sum over the kernel
   * taps of each tap's strided window times that tap's per-channel weight: element-wise work, where
   * a matrix product per channel would be {@code in} products of width one.
   *
   * @param padded the zero-padded input {@code [batch, channels, time]}
   * @param w weight {@code [channels, 1, kernel]}
   * @param b bias {@code [channels]}, or null
   * @param like an array of the current pass, whose manager receives views of the weight and bias
   * @return {@code [batch, channels, outTime]}
   */
  private static NDArray depthwise(
      NDArray padded, NDArray w, NDArray b, int stride, int dilation, long outTime, NDArray like) {
    long channels = w.getShape().get(0);
    int kernel = (int) w.getShape().get(2);
    NDArray taps = Ops.local(w.reshape(1, channels, kernel), like);
    NDArray y = null;
    for (int j = 0; j < kernel; j++) {
      NDArray term =
          padded
              .get(window(j, stride, dilation, outTime))
              .mul(taps.get(new NDIndex(":, :, {}:{}", j, j + 1)));
      y = y == null ? term : y.add(term);
    }
    return b == null ? y : y.add(Ops.local(b.reshape(1, channels, 1), like));
  }

  /**
   * Computes PyTorch's {@code conv2d(x, w, b, (stride, 1), (padding, 0), 1, groups)} for a kernel
   * one column wide (HiFi-GAN's period discriminators): each column is convolved on its own, as
   * {@link #conv1d} of the columns moved into the batch.
   *
   * @param x input {@code [batch, in, height, width]}
   * @param w weight {@code [out, in / groups, kernel, 1]}
   * @param b bias {@code [out]}, or null
   * @param stride the stride along the height, at least 1
   * @param padding zeros added at each end of the height, at least 0
   * @param groups the number of groups, dividing {@code in} and {@code out}
   * @return {@code [batch, out, (height + 2 padding - kernel) / stride + 1, width]}
   */
  public static NDArray conv2dOverHeight(
      NDArray x, NDArray w, NDArray b, int stride, int padding, int groups) {
    Shape xs = x.getShape();
    Shape ws = w.getShape();
    checkArgument(
        xs.dimension() == 4 && ws.dimension() == 4 && ws.get(3) == 1,
        "column convolution of %s with %s",
        xs,
        ws);
    long batch = xs.get(0);
    long width = xs.get(3);
    NDArray columns = x.transpose(0, 3, 1, 2).reshape(batch * width, xs.get(1), xs.get(2));
    NDArray y =
        conv1d(
            columns,
            Ops.local(w.reshape(ws.get(0), ws.get(1), ws.get(2)), x),
            b,
            stride,
            padding,
            1,
            groups);
    Shape ys = y.getShape();
    return y.reshape(batch, width, ys.get(1), ys.get(2)).transpose(0, 2, 3, 1);
  }
}
