package dev.sure4j.speech.vocoder.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.Convolutions;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * A convolution of the HiFi-GAN discriminators with its weight reparametrised, under PyTorch's
 * names: 1-d ({@code nn.Conv1d}, input {@code [batch, in, time]}) or 2-d with a {@code (kernel, 1)}
 * kernel ({@code nn.Conv2d}, input {@code [batch, in, time / period, period]}), strided and padded
 * along time only.
 *
 * <ul>
 *   <li>{@link Norm#WEIGHT}: {@code torch.nn.utils.weight_norm(conv, dim=0)}; parameters {@code
 *       weight_g [out, 1, 1(, 1)]} and {@code weight_v [out, in / groups, kernel(, 1)]}, and the
 *       forward uses {@code g v / ||v||} (norm over every axis but 0), so training updates {@code
 *       g} and {@code v}.
 *   <li>{@link Norm#SPECTRAL}: {@code torch.nn.utils.spectral_norm(conv)}; parameter {@code
 *       weight_orig} and the buffer {@code weight_u [out]} (a parameter that does not train). Every
 *       forward runs one power iteration on {@code W = weight_orig.reshape(out, -1)} without
 *       gradient ({@code v = normalize(W^T u)}, {@code u = normalize(W v)}, stores {@code u}) and
 *       uses {@code W / (u . W v)}, as torch does in training mode. Unlike torch, the iteration
 *       also runs outside training mode: the discriminators only serve training.
 * </ul>
 *
 * <p>Initialisation as PyTorch's default for the direction and bias ({@code U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))}), with {@code g = ||v||} (weight norm) and {@code u ~ N(0, 1)} (spectral norm).
 */
final class NormedConv extends NamedBlock {

  /** The reparametrisation of the weight. */
  enum Norm {
    /** {@code weight_norm}, dim 0. */
    WEIGHT,
    /** {@code spectral_norm}, one power iteration per forward. */
    SPECTRAL
  }

  private static final byte VERSION = 1;
  private static final float EPS = 1e-12f;

  private final boolean twoD;
  private final int out;
  private final int stride;
  private final int padding;
  private final int groups;
  private final Norm norm;
  private final Parameter direction;
  private final Parameter scale;
  private final Parameter bias;

  /**
   * Creates the convolution.
   *
   * @param twoD a 2-d convolution with a {@code (kernel, 1)} kernel, else 1-d
   * @param in input channels
   * @param out output channels
   * @param kernel kernel size along time
   * @param stride stride along time
   * @param groups channel groups, dividing {@code in} and {@code out}
   * @param norm the reparametrisation
   */
  NormedConv(boolean twoD, int in, int out, int kernel, int stride, int groups, Norm norm) {
    super(VERSION);
    checkArgument(
        in > 0 && out > 0 && kernel > 0 && stride > 0 && groups > 0,
        "bad convolution: in=%s out=%s kernel=%s stride=%s groups=%s",
        in,
        out,
        kernel,
        stride,
        groups);
    AdaptableConv1d.checkGroups(in, out, groups);
    this.twoD = twoD;
    this.out = out;
    this.stride = stride;
    this.padding = (kernel - 1) / 2;
    this.groups = groups;
    this.norm = norm;
    Shape w = twoD ? new Shape(out, in / groups, kernel, 1) : new Shape(out, in / groups, kernel);
    float bound = (float) (1 / Math.sqrt((double) in / groups * kernel));
    direction =
        addParameter(
            Parameters.of(
                norm == Norm.WEIGHT ? "weight_v" : "weight_orig",
                Parameter.Type.WEIGHT,
                w,
                new UniformInitializer(bound)));
    if (norm == Norm.WEIGHT) {
      Shape g = twoD ? new Shape(out, 1, 1, 1) : new Shape(out, 1, 1);
      scale =
          addParameter(
              Parameters.of("weight_g", Parameter.Type.WEIGHT, g, new UniformInitializer(1)));
    } else {
      scale =
          addParameter(
              Parameter.builder()
                  .setName("weight_u")
                  .setType(Parameter.Type.RUNNING_MEAN)
                  .optShape(new Shape(out))
                  .optInitializer(new NormalInitializer(1))
                  .optRequiresGrad(false)
                  .build());
    }
    bias =
        addParameter(
            Parameters.of(
                "bias", Parameter.Type.BIAS, new Shape(out), new UniformInitializer(bound)));
  }

  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    // DJL initialises a block again on its first training forward when its parent never was
    // (for example after a resume): g is set from v only when both are new, not over trained values
    boolean fresh = !scale.isInitialized();
    super.initialize(manager, dataType, inputShapes);
    if (norm == Norm.WEIGHT && fresh) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray v = direction.getArray().duplicate();
        v.attach(scope);
        scale.getArray().set(normOverRows(v).toFloatArray());
      }
    }
  }

  /** Returns {@code ||v||} over every axis but 0, kept as size-1 axes. */
  private static NDArray normOverRows(NDArray v) {
    int[] axes = new int[v.getShape().dimension() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return v.square().sum(axes, true).sqrt();
  }

  /** Returns {@code x / max(||x||, eps)} of a vector. */
  private static NDArray normalize(NDArray x) {
    return x.div(Ops.atLeast(x.square().sum().sqrt(), EPS));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDManager scope = x.getManager();
    NDArray v = Ops.lift(Ops.value(store, direction, x, training), scope);
    NDArray weight;
    if (norm == Norm.WEIGHT) {
      NDArray g = Ops.lift(Ops.value(store, scale, x, training), scope);
      weight = v.mul(g).div(normOverRows(v));
    } else {
      NDArray u0 = Ops.value(store, scale, x, training);
      NDArray mat = v.reshape(out, -1);
      NDArray fixed = mat.stopGradient();
      NDArray vec = normalize(fixed.transpose().matMul(u0.expandDims(1)).squeeze(1));
      NDArray u = normalize(fixed.matMul(vec.expandDims(1)).squeeze(1));
      u0.set(u.toFloatArray());
      NDArray sigma = u.expandDims(0).matMul(mat).matMul(vec.expandDims(1)).reshape(new Shape());
      weight = v.div(sigma);
    }
    NDArray b = Ops.lift(Ops.value(store, bias, x, training), scope);
    NDArray y =
        twoD
            ? Convolutions.conv2dOverHeight(x, weight, b, stride, padding, groups)
            : Convolutions.conv1d(x, weight, b, stride, padding, 1, groups);
    return new NDList(y);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long t = (s.get(2) + 2L * padding - (2L * padding + 1)) / stride + 1;
    return new Shape[] {twoD ? new Shape(s.get(0), out, t, s.get(3)) : new Shape(s.get(0), out, t)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
