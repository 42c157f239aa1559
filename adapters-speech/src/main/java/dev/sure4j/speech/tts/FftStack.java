package dev.sure4j.speech.tts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.nn.SameShapeBlock;
import dev.sure4j.adapters.nn.SelfAttention;
import dev.sure4j.adapters.nn.TransformerLayer;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import java.util.List;

/**
 * A stack of FFT blocks: core {@link TransformerLayer}s (post-LN) with {@link SelfAttention} and a
 * {@link ConvFeedForward}, children {@code 0}, {@code 1}, ... Every block's host points ({@code
 * attention.q_proj}, {@code post_ffn}, ...) are the same as a speech encoder's.
 *
 * <p>Masking as in the reference: padded frames are zeroed before each FFN convolution (the
 * reference zeroes them after attention) and after each block (the reference zeroes them after the
 * adapter, which sits at {@code post_ffn}, the block's last operation).
 *
 * <p>Inputs {@code x [batch, frames, D]} and mask {@code [batch, frames]} (1 = real frame); output
 * {@code [batch, frames, D]} with padded frames 0.
 */
final class FftStack extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final List<TransformerLayer> layers;

  /**
   * Creates a stack.
   *
   * @param config the model geometry
   * @param count the number of blocks
   */
  FftStack(FastSpeechConfig config, int count) {
    super(VERSION);
    TransformerLayerConfig layer = config.layerConfig();
    ImmutableList.Builder<TransformerLayer> b = ImmutableList.builder();
    for (int i = 0; i < count; i++) {
      SelfAttention attention =
          new SelfAttention(layer.hidden(), layer.heads(), layer.attentionDropout());
      ConvFeedForward ffn =
          new ConvFeedForward(
              config.hidden(), config.ffnFilter(), config.ffnKernel(), config.dropout());
      b.add(addNamed(Integer.toString(i), new TransformerLayer(layer, attention, ffn)));
    }
    layers = b.build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = inputs.get(0);
    NDArray m = inputs.get(1);
    for (TransformerLayer layer : layers) {
      h = layer.forward(store, new NDList(h, m), training, params).singletonOrThrow();
      h = FrameMask.apply(h, m);
    }
    return new NDList(h);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (TransformerLayer l : layers) {
      l.initialize(manager, dataType, inputShapes[0]);
    }
  }
}
