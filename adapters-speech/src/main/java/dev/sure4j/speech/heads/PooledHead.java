package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.Arrays;

/**
 * The shared front of the utterance-level heads: optional {@code layer_weights} ({@link
 * LayerWeightedSum}) over all hidden states, a per-frame {@code projector} Linear(D -> P), then
 * pooling over the valid frames. Children are named as in Hugging Face's {@code
 * Wav2Vec2ForSequenceClassification}.
 */
public abstract class PooledHead extends SpeechHead {

  private final int hiddenSize;
  private final int projectorSize;
  private final Pooling pooling;
  private final LayerWeightedSum layerWeights;
  private final AdaptableLinear projector;

  /**
   * Creates the shared front.
   *
   * @param version the serialisation version of the concrete head
   * @param hiddenSize the encoder width {@code D}
   * @param projectorSize the projector width {@code P} (SURE: 256)
   * @param pooling the pooling over frames
   * @param hiddenStates the number of hidden states for a weighted sum ({@code L + 1}), or 0 to use
   *     the last hidden state only
   */
  protected PooledHead(
      byte version, int hiddenSize, int projectorSize, Pooling pooling, int hiddenStates) {
    super(version);
    checkArgument(hiddenSize > 0, "hidden size must be > 0: %s", hiddenSize);
    checkArgument(projectorSize > 0, "projector size must be > 0: %s", projectorSize);
    checkArgument(hiddenStates >= 0, "hidden states must be >= 0: %s", hiddenStates);
    this.hiddenSize = hiddenSize;
    this.projectorSize = projectorSize;
    this.pooling = pooling;
    this.layerWeights =
        hiddenStates > 0 ? addNamed("layer_weights", new LayerWeightedSum(hiddenStates)) : null;
    this.projector = addNamed("projector", new AdaptableLinear(hiddenSize, projectorSize, true));
  }

  /**
   * Returns the encoder width.
   *
   * @return {@code D}
   */
  public int hiddenSize() {
    return hiddenSize;
  }

  /**
   * Returns the projector width.
   *
   * @return {@code P}
   */
  public int projectorSize() {
    return projectorSize;
  }

  /**
   * Returns the pooling.
   *
   * @return the pooling over frames
   */
  public Pooling pooling() {
    return pooling;
  }

  /**
   * Projects and pools the encoder's features: the last hidden state, or the weighted sum of all
   * hidden states.
   *
   * @param store the parameter store
   * @param input the encoder's hidden states and frame mask
   * @param training whether this is a training pass
   * @param params extra parameters
   * @return pooled features {@code [batch, P]}
   */
  protected NDArray pooled(
      ParameterStore store, HeadInput input, boolean training, PairList<String, Object> params) {
    NDArray features =
        layerWeights != null
            ? layerWeights.sum(store, input, training, params)
            : input.lastHiddenState();
    checkHidden(features, hiddenSize);
    NDArray projected = projector.forward(store, new NDList(features), training, params).head();
    return pooling.apply(projected, input.frameMask().orElse(null));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : namedChildren().values()) {
      if (child == layerWeights) {
        Shape[] hs = new Shape[layerWeights.count()];
        Arrays.fill(hs, new Shape(1, 1, hiddenSize));
        child.initialize(manager, dataType, hs);
      } else {
        child.initialize(manager, dataType, new Shape(1, ((AdaptableLinear) child).inFeatures()));
      }
    }
  }

  /**
   * The options every pooled head shares: encoder width (required), projector width, pooling and
   * the optional layer-weighted sum.
   *
   * @param <T> the concrete builder
   */
  public abstract static class BaseBuilder<T extends BaseBuilder<T>> {
    int hiddenSize;
    int projectorSize = 256;
    Pooling pooling = Pooling.MEAN;
    int hiddenStates;

    BaseBuilder() {}

    /**
     * Returns this builder as its concrete type.
     *
     * @return this builder
     */
    protected abstract T self();

    /**
     * Sets the encoder width (required).
     *
     * @param hiddenSize {@code D}, Hugging Face {@code hidden_size}
     * @return this builder
     */
    public T setHiddenSize(int hiddenSize) {
      this.hiddenSize = hiddenSize;
      return self();
    }

    /**
     * Sets the projector width (default 256, Hugging Face {@code classifier_proj_size}).
     *
     * @param projectorSize {@code P}
     * @return this builder
     */
    public T optProjectorSize(int projectorSize) {
      this.projectorSize = projectorSize;
      return self();
    }

    /**
     * Sets the pooling (default mean over valid frames).
     *
     * @param pooling the pooling
     * @return this builder
     */
    public T optPooling(Pooling pooling) {
      this.pooling = pooling;
      return self();
    }

    /**
     * Uses a learnable weighted sum over all hidden states.
     *
     * @param hiddenStates the number of hidden states, {@code L + 1}
     * @return this builder
     */
    public T optLayerWeightedSum(int hiddenStates) {
      this.hiddenStates = hiddenStates;
      return self();
    }

    /** Checks the shared options before a build. */
    void validate() {
      checkArgument(hiddenSize > 0, "hidden size must be set and > 0: %s", hiddenSize);
      checkArgument(pooling != null, "pooling must not be null");
    }
  }
}
