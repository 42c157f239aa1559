package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.model.FeedHead;
import dev.sure4j.adapters.model.HeadFeed;
import dev.sure4j.adapters.model.HeadLayout;
import dev.sure4j.adapters.nn.NamedBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A head over a speech encoder: it reads its inputs once, by name, as a {@link HeadInput} and
 * computes from that record alone. An {@link dev.sure4j.adapters.model.AdapterModel} feeds it a
 * {@link HeadFeed}; called directly as a DJL block, its inputs are named base outputs. Subclasses
 * implement {@link #forwardHead} and {@link #outputShapes(Shape, boolean)}.
 */
public abstract class SpeechHead extends NamedBlock implements FeedHead {

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
  public final NDList forward(
      ParameterStore store, HeadFeed feed, boolean training, PairList<String, Object> params) {
    return forwardHead(store, HeadInput.of(feed), training, params);
  }

  @Override
  public final Shape[] outputShapes(HeadLayout layout) {
    return outputShapes(HeadInput.lastHiddenState(layout), HeadInput.hasFrameMask(layout));
  }

  /**
   * Returns the output shapes for unnamed input shapes, which DJL's signature gives: a head's
   * inputs are placed by name, so this refuses in one line; use {@link #outputShapes(HeadLayout)}.
   *
   * @param inputShapes the shapes of the head's inputs
   * @return never
   * @throws IllegalArgumentException always, naming the first array
   */
  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    List<DataDesc> unnamed = new ArrayList<>();
    for (Shape s : inputShapes) {
      unnamed.add(new DataDesc(s));
    }
    return outputShapes(new HeadLayout(unnamed, List.of()));
  }

  /**
   * Returns the shapes of the head's outputs.
   *
   * @param lastHiddenState the shape of the last hidden state {@code [batch, frames, D]}
   * @param frameMask whether a frame mask is passed
   * @return the output shapes
   */
  protected abstract Shape[] outputShapes(Shape lastHiddenState, boolean frameMask);

  /**
   * Checks the width of hidden states before a head's first layer.
   *
   * @param hidden hidden states {@code [batch, frames, D]}
   * @param hiddenSize the width {@code D} the head was built for
   * @return {@code hidden}
   * @throws IllegalArgumentException when the last axis is not {@code hiddenSize}, naming both
   */
  protected static NDArray checkHidden(NDArray hidden, int hiddenSize) {
    Shape s = hidden.getShape();
    checkArgument(
        s.get(2) == hiddenSize,
        "hidden states must be [batch, frames, D=%s], got %s",
        hiddenSize,
        s);
    return hidden;
  }
}
