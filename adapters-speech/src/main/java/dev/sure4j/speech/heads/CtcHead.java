package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;

/**
 * The CTC head (Hugging Face {@code Wav2Vec2ForCTC}): dropout ({@code final_dropout}), {@code
 * lm_head} Linear(D -> V), log-softmax over the vocabulary.
 *
 * <p>Input ({@link HeadInput}): the last hidden state {@code [batch, frames, D]} and optionally the
 * frame mask {@code [batch, frames]}. Output: log-probabilities {@code [batch, frames, V]},
 * followed by the valid frame counts {@code [batch]} (int64) when a mask was given, which is the
 * prediction list {@link dev.sure4j.speech.ctc.CtcLoss} expects. Parameters: {@code D*V + V}.
 */
public final class CtcHead extends SpeechHead {

  private static final byte VERSION = 1;

  private final int hiddenSize;
  private final int vocabularySize;
  private final float dropout;
  private final AdaptableLinear lmHead;

  /**
   * Creates a CTC head.
   *
   * @param hiddenSize the encoder width {@code D}
   * @param vocabularySize the output size {@code V} (blank included)
   * @param dropout the dropout rate before the linear layer, in {@code [0, 1)} (Hugging Face {@code
   *     final_dropout}, 0.1 by default there)
   */
  public CtcHead(int hiddenSize, int vocabularySize, float dropout) {
    super(VERSION);
    checkArgument(hiddenSize > 0, "hidden size must be > 0: %s", hiddenSize);
    checkArgument(vocabularySize > 1, "vocabulary size must be > 1: %s", vocabularySize);
    checkArgument(dropout >= 0 && dropout < 1, "dropout must be in [0, 1): %s", dropout);
    this.hiddenSize = hiddenSize;
    this.vocabularySize = vocabularySize;
    this.dropout = dropout;
    this.lmHead = addNamed("lm_head", new AdaptableLinear(hiddenSize, vocabularySize, true));
  }

  /**
   * Returns the vocabulary size.
   *
   * @return {@code V}
   */
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  protected NDList forwardHead(
      ParameterStore store, HeadInput input, boolean training, PairList<String, Object> params) {
    NDArray x = checkHidden(input.lastHiddenState(), hiddenSize);
    if (training && dropout > 0) {
      x = Dropout.dropout(x, dropout, true).head();
    }
    NDArray logits = lmHead.forward(store, new NDList(x), training, params).head();
    NDList out = new NDList(logits.logSoftmax(2));
    input.frameLengths().ifPresent(out::add);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape lastHiddenState, boolean frameMask) {
    Shape lp = new Shape(lastHiddenState.get(0), lastHiddenState.get(1), vocabularySize);
    return frameMask ? new Shape[] {lp, new Shape(lastHiddenState.get(0))} : new Shape[] {lp};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    lmHead.initialize(manager, dataType, new Shape(1, hiddenSize));
  }
}
