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
 * <p>Inputs: the last hidden state {@code [batch, frames, D]} (or, with a layer weighted sum over
 * {@code n} states, the last hidden state followed by the {@code n} hidden states), then optionally
 * a frame mask {@code [batch, frames]} (1 = valid). Output: logits {@code [batch, classes]}.
 * Parameters: {@code D*P + P + P*classes + classes} (+ {@code n}).
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
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray pooled = pooled(store, inputs, training, params);
    return classifier.forward(store, new NDList(pooled), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
  }

  /** Builds an {@link UtteranceClassifierHead}. */
  public static final class Builder {
    private int hiddenSize;
    private int numClasses;
    private int projectorSize = 256;
    private Pooling pooling = Pooling.MEAN;
    private int hiddenStates;

    private Builder() {}

    /**
     * Sets the encoder width (required).
     *
     * @param hiddenSize {@code D}, Hugging Face {@code hidden_size}
     * @return this builder
     */
    public Builder setHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
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
     * Sets the projector width (default 256, Hugging Face {@code classifier_proj_size}).
     *
     * @param projectorSize {@code P}
     * @return this builder
     */
    public Builder optProjectorSize(int projectorSize) {
      this.projectorSize = projectorSize;
      return this;
    }

    /**
     * Sets the pooling (default mean over valid frames).
     *
     * @param pooling the pooling
     * @return this builder
     */
    public Builder optPooling(Pooling pooling) {
      this.pooling = pooling;
      return this;
    }

    /**
     * Uses a learnable weighted sum over all hidden states (Hugging Face {@code
     * use_weighted_layer_sum}); the base must return them after the last hidden state.
     *
     * @param hiddenStates the number of hidden states, {@code L + 1}
     * @return this builder
     */
    public Builder optLayerWeightedSum(int hiddenStates) {
      this.hiddenStates = hiddenStates;
      return this;
    }

    /**
     * Builds the head (not initialised).
     *
     * @return the head
     */
    public UtteranceClassifierHead build() {
      checkArgument(hiddenSize > 0, "hidden size must be set and > 0: %s", hiddenSize);
      checkArgument(numClasses > 1, "number of classes must be set and > 1: %s", numClasses);
      checkArgument(pooling != null, "pooling must not be null");
      return new UtteranceClassifierHead(this);
    }
  }
}
