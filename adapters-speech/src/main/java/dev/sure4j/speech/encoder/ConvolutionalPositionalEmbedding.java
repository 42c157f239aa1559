package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.SameShapeBlock;

/**
 * The convolutional positional embedding ({@code encoder.pos_conv_embed}): a grouped convolution
 * over time ({@code num_conv_pos_embeddings} frames, {@code num_conv_pos_embedding_groups} groups,
 * padding {@code kernel / 2}), the last frame removed when the kernel is even, then GELU.
 *
 * <p>The checkpoint's weight norm ({@code weight_g}, {@code weight_v}) is folded into the plain
 * {@code conv.weight} when loading; the block itself holds an ordinary weight.
 *
 * <p>Input and output {@code [batch, frames, hidden]}; the caller adds the output to the input.
 */
public final class ConvolutionalPositionalEmbedding extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final AdaptableConv1d conv;
  private final boolean removeLast;

  /**
   * Creates the embedding of a config.
   *
   * @param config the encoder config ({@code hidden_size}, {@code num_conv_pos_embeddings}, {@code
   *     num_conv_pos_embedding_groups})
   */
  public ConvolutionalPositionalEmbedding(EncoderConfig config) {
    super(VERSION);
    int d = config.hiddenSize();
    int k = config.numConvPosEmbeddings();
    conv =
        addNamed(
            "conv",
            new AdaptableConv1d(d, d, k, 1, k / 2, config.numConvPosEmbeddingGroups(), 1, true));
    removeLast = k % 2 == 0;
  }

  /**
   * Returns the grouped convolution, a host for convolution adapters (LoRA).
   *
   * @return {@code conv}, weight {@code [hidden, hidden / groups, kernel]}
   */
  public AdaptableConv1d conv() {
    return conv;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow().transpose(0, 2, 1);
    NDArray y = conv.forward(store, new NDList(x), training).singletonOrThrow();
    if (removeLast) {
      y = y.get(new NDIndex(":, :, :-1"));
    }
    return new NDList(Activation.gelu(y).transpose(0, 2, 1));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    conv.initialize(manager, dataType, new Shape(s.get(0), s.get(2), s.get(1)));
  }
}
