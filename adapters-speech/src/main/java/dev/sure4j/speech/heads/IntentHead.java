package dev.sure4j.speech.heads;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.List;

/**
 * The Fluent Speech Commands intent head: one {@code projector} Linear(D -> P) and pooling, then
 * three linear outputs {@code action} (6), {@code object} (14) and {@code location} (4). Loss:
 * {@link IntentLoss} (sum of three cross-entropies); metric: {@link
 * dev.sure4j.speech.metrics.IntentAccuracy} (all three right).
 *
 * <p>Inputs as {@link UtteranceClassifierHead}. Output: three logits arrays {@code [batch, 6]},
 * {@code [batch, 14]}, {@code [batch, 4]} (in slot order). Parameters: {@code D*P + P + sum_k
 * (P*n_k + n_k)}.
 */
public final class IntentHead extends PooledHead {

  private static final byte VERSION = 1;

  /** The slot names, in output order. */
  public static final List<String> SLOTS = List.of("action", "object", "location");

  private final int[] slotSizes;
  private final AdaptableLinear[] outputs;

  private IntentHead(Builder b) {
    super(VERSION, b.hiddenSize, b.projectorSize, b.pooling, b.hiddenStates);
    this.slotSizes = b.slotSizes.clone();
    outputs = new AdaptableLinear[3];
    for (int i = 0; i < 3; i++) {
      outputs[i] = addNamed(SLOTS.get(i), new AdaptableLinear(b.projectorSize, slotSizes[i], true));
    }
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
   * Returns the number of values of each slot.
   *
   * @return action, object, location sizes
   */
  public int[] slotSizes() {
    return slotSizes.clone();
  }

  @Override
  protected NDList forwardHead(
      ParameterStore store, HeadInput input, boolean training, PairList<String, Object> params) {
    NDArray pooled = pooled(store, input, training, params);
    NDList out = new NDList(3);
    for (AdaptableLinear o : outputs) {
      out.add(o.forward(store, new NDList(pooled), training, params).head());
    }
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape lastHiddenState, boolean frameMask) {
    long b = lastHiddenState.get(0);
    return new Shape[] {
      new Shape(b, slotSizes[0]), new Shape(b, slotSizes[1]), new Shape(b, slotSizes[2])
    };
  }

  /** Builds an {@link IntentHead}. */
  public static final class Builder extends PooledHead.BaseBuilder<Builder> {
    private int[] slotSizes = {6, 14, 4};

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the number of values per slot (default 6 actions, 14 objects, 4 locations).
     *
     * @param action number of actions, {@code > 1}
     * @param object number of objects, {@code > 1}
     * @param location number of locations, {@code > 1}
     * @return this builder
     */
    public Builder optSlotSizes(int action, int object, int location) {
      this.slotSizes = new int[] {action, object, location};
      return this;
    }

    /**
     * Builds the head (not initialised).
     *
     * @return the head
     */
    public IntentHead build() {
      validate();
      for (int i = 0; i < 3; i++) {
        checkArgument(slotSizes[i] > 1, "%s must have > 1 values: %s", SLOTS.get(i), slotSizes[i]);
      }
      return new IntentHead(this);
    }
  }
}
