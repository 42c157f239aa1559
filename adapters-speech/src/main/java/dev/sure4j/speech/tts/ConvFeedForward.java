package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.SameShapeBlock;

/**
 * The convolutional feed-forward block of a FastSpeech FFT block (ming024's {@code
 * PositionwiseFeedForward} without its residual and layer norm, which the enclosing post-LN {@code
 * TransformerLayer} applies): {@code w_1: Conv1d(D -> F, kernel k, 'same') -> ReLU -> w_2: Conv1d(F
 * -> D, kernel 1) -> dropout}, over frames.
 *
 * <p>Input {@code [batch, frames, D]}, optionally followed by the layer's mask {@code [batch,
 * frames]} (1 = real frame); output {@code [batch, frames, D]}. With a mask, padded input frames
 * are zeroed first, as the reference zeroes them after attention, so the kernel sees the same zeros
 * beyond an utterance's end in a padded batch as alone.
 */
final class ConvFeedForward extends SameShapeBlock {

  private static final byte VERSION = 1;

  private final AdaptableConv1d w1;
  private final AdaptableConv1d w2;
  private final float dropout;

  /**
   * Creates the block.
   *
   * @param hidden {@code D}
   * @param filter {@code F}, ming024's {@code conv_filter_size}
   * @param kernel the first convolution's kernel, odd
   * @param dropout the output dropout rate
   */
  ConvFeedForward(int hidden, int filter, int kernel, float dropout) {
    super(VERSION);
    checkArgument(kernel % 2 == 1, "FFN kernel must be odd for 'same' padding: %s", kernel);
    w1 =
        addNamed(
            "w_1",
            AdaptableConv1d.builder()
                .setChannels(hidden, filter)
                .setKernel(kernel)
                .optPadding(kernel / 2)
                .optInjectionPoint(false)
                .build());
    w2 =
        addNamed(
            "w_2",
            AdaptableConv1d.builder()
                .setChannels(filter, hidden)
                .setKernel(1)
                .optInjectionPoint(false)
                .build());
    this.dropout = dropout;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.size() > 1 ? FrameMask.apply(inputs.get(0), inputs.get(1)) : inputs.head();
    NDArray h = x.transpose(0, 2, 1);
    h = Activation.relu(w1.forward(store, new NDList(h), training).singletonOrThrow());
    h = w2.forward(store, new NDList(h), training).singletonOrThrow().transpose(0, 2, 1);
    return new NDList(Dropouts.apply(h, dropout, training));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape channels = new Shape(x.get(0), x.get(2), x.get(1));
    w1.initialize(manager, dataType, channels);
    w2.initialize(manager, dataType, w1.getOutputShapes(new Shape[] {channels})[0]);
  }
}
