package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.LayerNormBlock;
import dev.sure4j.adapters.nn.LayerScope;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * One convolution of the feature extractor: {@code conv} (no padding), an optional {@code
 * layer_norm}, then GELU. The norm is a {@link GroupNormBlock} with one group per channel (Hugging
 * Face {@code feat_extract_norm = "group"}, first layer only) or a {@link LayerNormBlock} over the
 * channels of each frame ({@code "layer"}, every layer).
 *
 * <p>Inputs: {@code x [batch, in, time]} and optionally a mask {@code [batch, out_time]} of the
 * output frames that come from real samples (used by the group norm's statistics). Output {@code
 * [batch, out, out_time]} with {@code out_time = (time - kernel) / stride + 1}.
 */
public final class ConvLayerBlock extends NamedBlock {

  private static final byte VERSION = 1;

  /** The epsilon of PyTorch's norm layers, which Hugging Face uses in the feature extractor. */
  static final float NORM_EPS = 1e-5f;

  /** The normalisation after the convolution. */
  public enum Norm {
    /** No normalisation. */
    NONE,
    /** Group norm with one group per channel, statistics over time. */
    GROUP,
    /** Layer norm over the channels of each frame. */
    LAYER
  }

  private final AdaptableConv1d conv;
  private final NamedBlock norm;
  private final Norm normKind;

  /**
   * Creates a convolution layer.
   *
   * @param in input channels
   * @param out output channels ({@code conv_dim[i]})
   * @param kernel kernel size in samples or frames ({@code conv_kernel[i]})
   * @param stride stride ({@code conv_stride[i]})
   * @param bias whether the convolution has a bias ({@code conv_bias})
   * @param normKind the normalisation
   */
  public ConvLayerBlock(int in, int out, int kernel, int stride, boolean bias, Norm normKind) {
    super(VERSION);
    this.normKind = normKind;
    conv = addNamed("conv", new AdaptableConv1d(in, out, kernel, stride, 0, 1, 1, bias));
    norm =
        switch (normKind) {
          case GROUP -> addNamed("layer_norm", new GroupNormBlock(out, out, NORM_EPS));
          case LAYER -> addNamed("layer_norm", new LayerNormBlock(out, NORM_EPS));
          case NONE -> null;
        };
  }

  /**
   * Returns the convolution, a host for convolution adapters (LoRA).
   *
   * @return {@code conv}
   */
  public AdaptableConv1d conv() {
    return conv;
  }

  /**
   * Returns the number of output frames for a number of input frames.
   *
   * @param length input length
   * @return {@code (length - kernel) / stride + 1}, or 0 when {@code length < kernel}
   */
  public long outputLength(long length) {
    return length < conv.kernel() ? 0 : (length - conv.kernel()) / conv.stride() + 1;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = conv.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    if (normKind == Norm.GROUP) {
      NDList in = new NDList(x);
      if (inputs.size() > 1) {
        in.add(inputs.get(1));
      }
      // the norm's temporaries are freed before the GELU allocates
      x = LayerScope.run(in, l -> norm.forward(store, l, training)).singletonOrThrow();
    } else if (normKind == Norm.LAYER) {
      NDArray t = x.transpose(0, 2, 1);
      x = norm.forward(store, new NDList(t), training).singletonOrThrow().transpose(0, 2, 1);
    }
    return new NDList(Activation.gelu(x));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(new Shape[] {inputShapes[0]});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes[0]);
    if (norm != null) {
      norm.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {inputShapes[0]}));
    }
  }
}
