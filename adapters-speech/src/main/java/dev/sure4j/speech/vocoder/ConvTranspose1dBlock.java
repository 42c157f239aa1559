package dev.sure4j.speech.vocoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * A 1-d transposed convolution with PyTorch's {@code nn.ConvTranspose1d} parameter names and
 * layout: {@code weight [in, out, kernel]} and {@code bias [out]}, initialised as HiFi-GAN's {@code
 * init_weights} does ({@code N(0, 0.01)}).
 *
 * <p>Input {@code [batch, in, time]}; output {@code [batch, out, (time - 1) stride - 2 padding +
 * kernel]}, which is {@code time * stride} for HiFi-GAN's {@code padding = (kernel - stride) / 2}.
 */
final class ConvTranspose1dBlock extends NamedBlock {

  private static final byte VERSION = 1;

  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates a transposed convolution with a bias.
   *
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size, in samples
   * @param stride the upsampling factor
   * @param padding samples removed from each end of the full output
   */
  ConvTranspose1dBlock(int in, int out, int kernel, int stride, int padding) {
    super(VERSION);
    checkArgument(
        in > 0 && out > 0 && kernel > 0 && stride > 0 && padding >= 0,
        "bad transposed convolution: in=%s out=%s kernel=%s stride=%s padding=%s",
        in,
        out,
        kernel,
        stride,
        padding);
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    weight =
        addParameter(
            Parameters.of(
                "weight",
                Parameter.Type.WEIGHT,
                new Shape(in, out, kernel),
                new NormalInitializer(0.01f)));
    bias =
        addParameter(
            Parameters.of(
                "bias", Parameter.Type.BIAS, new Shape(out), new NormalInitializer(0.01f)));
  }

  /**
   * Computes the transposed convolution as a matrix product and an overlap-add (DJL's PyTorch
   * engine has no deconvolution). Every input frame {@code t} contributes {@code W[:, :, j] x[t]}
   * to output sample {@code t stride + j}: with the kernel zero-padded to {@code m = ceil(kernel /
   * stride)} strides, the product {@code [batch, time, out, m, stride]} holds, for each of the
   * {@code m} kernel strides {@code a}, a block of {@code stride} samples that lands at output
   * frame {@code t + a}; summing the {@code m} shifted blocks and cropping {@code padding} samples
   * from each end gives PyTorch's output.
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDManager scope = x.getManager();
    long batch = x.getShape().get(0);
    long in = x.getShape().get(1);
    long time = x.getShape().get(2);
    int m = (kernel + stride - 1) / stride;
    NDArray w = Ops.value(store, weight, x, training);
    NDArray b = Ops.value(store, bias, x, training);
    NDArray flat = onScope(w.reshape(in, (long) out * kernel), scope);
    if (m * stride > kernel) {
      NDArray taps =
          onScope(w.concat(scope.zeros(new Shape(in, out, m * stride - kernel)), 2), scope);
      flat = onScope(taps.reshape(in, (long) out * m * stride), scope);
    }
    NDArray z = x.transpose(0, 2, 1).matMul(flat).reshape(batch, time, out, m, stride);
    NDArray sum = null;
    for (int a = 0; a < m; a++) {
      NDArray block = z.get(new NDIndex(":, :, :, {}, :", a));
      NDList parts = new NDList();
      if (a > 0) {
        parts.add(scope.zeros(new Shape(batch, a, out, stride)));
      }
      parts.add(block);
      if (m - 1 - a > 0) {
        parts.add(scope.zeros(new Shape(batch, m - 1 - a, out, stride)));
      }
      NDArray shifted = parts.size() == 1 ? block : NDArrays.concat(parts, 1);
      sum = sum == null ? shifted : sum.add(shifted);
    }
    long full = (time + m - 1) * stride;
    long length = (time - 1) * stride - 2L * padding + kernel;
    NDArray y =
        sum.transpose(0, 2, 1, 3)
            .reshape(batch, out, full)
            .get(new NDIndex(":, :, {}:{}", padding, padding + length));
    return new NDList(y.add(onScope(b.reshape(1, out, 1), scope)));
  }

  /** Moves an array derived from a parameter to the pass's manager, so that it is freed with it. */
  private static NDArray onScope(NDArray derived, NDManager scope) {
    derived.attach(scope);
    return derived;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long t = (s.get(2) - 1) * stride - 2L * padding + kernel;
    return new Shape[] {new Shape(s.get(0), out, t)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
