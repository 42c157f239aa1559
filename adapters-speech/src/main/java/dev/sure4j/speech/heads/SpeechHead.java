package dev.sure4j.speech.heads;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * A head over a speech encoder: it reads its inputs once as a {@link HeadInput} and computes from
 * that record alone. Subclasses implement {@link #forwardHead} and {@link #outputShapes}.
 */
public abstract class SpeechHead extends NamedBlock {

  /**
   * Creates the head.
   *
   * @param version the serialisation version of the concrete head
   */
  protected SpeechHead(byte version) {
    super(version);
  }

  @Override
  protected final NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return forwardHead(store, HeadInput.of(inputs), training, params);
  }

  /**
   * Runs the head.
   *
   * @param store the parameter store of this pass
   * @param input the encoder's hidden states and frame mask
   * @param training whether this is a training pass
   * @param params extra parameters
   * @return the head's outputs
   */
  protected abstract NDList forwardHead(
      ParameterStore store, HeadInput input, boolean training, PairList<String, Object> params);

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    return outputShapes(inputShapes[0], HeadInput.hasFrameMask(inputShapes));
  }

  /**
   * Returns the shapes of the head's outputs.
   *
   * @param lastHiddenState the shape of the last hidden state {@code [batch, frames, D]}
   * @param frameMask whether a frame mask is passed
   * @return the output shapes
   */
  protected abstract Shape[] outputShapes(Shape lastHiddenState, boolean frameMask);
}
