package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;

/**
 * The SURE utterance classifier (emotion, keyword spotting, speaker ID): {@code projector} Linear(D
 * -> P = 256) per frame, pooling over valid frames, {@code classifier} Linear(P -> classes). Loss:
 * {@link ClassificationLoss}.
 *
 * <p>Input ({@link HeadInput}): the last hidden state {@code [batch, frames, D]} and optionally the
 * frame mask {@code [batch, frames]}; with a layer weighted sum over {@code n} states, the {@code
 * n} hidden states. Output: logits {@code [batch, classes]}. Parameters: {@code D*P + P + P*classes
 * + classes} (+ {@code n}).
 */
public final class UtteranceClassifierHead extends PooledHead {

  private static final byte VERSION = 1;

  private final int numClasses;
  private final AdaptableLinear classifier;

  private UtteranceClassifierHead(Builder b) {
    super(VERSION, b.hiddenSize, b.projectorSize, b.pooling, b.hiddenStates);
    this.numClasses = b.numClasses;
    this.classifier =
        addNamed("classifier", new AdaptableLinear(b.projectorSize, b.numClasses, true));
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the number of classes.
   *
   * @return the output size
   */
  public int numClasses() {
    return numClasses;
  }

  @Override
  protected NDList forwardHead(
      ParameterStore store, HeadInput input, boolean training, PairList<String, Object> params) {
    NDArray pooled = pooled(store, input, training, params);
    return classifier.forward(store, new NDList(pooled), training, params);
  }

  @Override
  protected Shape[] outputShapes(Shape lastHiddenState, boolean frameMask) {
    return new Shape[] {new Shape(lastHiddenState.get(0), numClasses)};
  }

  /** Builds an {@link UtteranceClassifierHead}. */
  public static final class Builder extends PooledHead.BaseBuilder<Builder> {
    private int numClasses;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the number of classes (required).
     *
     * @param numClasses Hugging Face {@code num_labels}, {@code > 1}
     * @return this builder
     */
    public Builder setNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    /**
     * Builds the head (not initialised).
     *
     * @return the head
     */
    public UtteranceClassifierHead build() {
      validate();
      checkArgument(numClasses > 1, "number of classes must be set and > 1: %s", numClasses);
      return new UtteranceClassifierHead(this);
    }
  }
}
