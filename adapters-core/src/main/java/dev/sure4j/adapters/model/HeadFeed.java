package dev.sure4j.adapters.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * What an {@link AdapterModel} hands the head of its active adapter: the base model's outputs and
 * the model inputs after the first, kept apart. A {@link FeedHead} reads the two lists (and the
 * names of their arrays, {@link dev.sure4j.adapters.OutputNames}); a plain DJL block receives
 * {@link #joined()}.
 *
 * @param baseOutputs the base model's outputs, e.g. {@code last_hidden_state [batch, frames, D]}
 * @param extraInputs the model inputs after the first, e.g. lengths {@code [batch]} or a frame mask
 *     {@code [batch, frames]} named {@code frame_mask}; may be empty
 */
public record HeadFeed(NDList baseOutputs, NDList extraInputs) {

  /** Checks that both lists are given. */
  public HeadFeed {
    Objects.requireNonNull(baseOutputs, "baseOutputs");
    Objects.requireNonNull(extraInputs, "extraInputs");
  }

  /**
   * A feed of base outputs alone, as when a head is called directly.
   *
   * @param baseOutputs the arrays
   * @return the feed with no extra input
   */
  public static HeadFeed of(NDList baseOutputs) {
    return new HeadFeed(baseOutputs, new NDList());
  }

  /**
   * Returns the one list a plain DJL block receives: the base outputs followed by the extra inputs.
   *
   * @return a new list
   */
  public NDList joined() {
    NDList all = new NDList(baseOutputs);
    all.addAll(extraInputs);
    return all;
  }

  /**
   * Runs a head on this feed: a {@link FeedHead} reads it as it is, another block reads {@link
   * #joined()}.
   *
   * @param head the head
   * @param store the parameter store of this pass
   * @param training whether this is a training pass
   * @param params extra parameters, or null
   * @return the head's outputs
   */
  public NDList run(
      Block head, ParameterStore store, boolean training, PairList<String, Object> params) {
    if (head instanceof FeedHead f) {
      return f.forward(store, this, training, params);
    }
    return head.forward(store, joined(), training, params);
  }
}
