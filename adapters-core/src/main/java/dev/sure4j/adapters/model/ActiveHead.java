package dev.sure4j.adapters.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.method.Adapter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The task head an {@link AdapterModel} runs after its base: the head of the last active adapter
 * that has one, fed the base outputs followed by the model inputs after the first.
 */
final class ActiveHead {

  private ActiveHead() {}

  /**
   * Finds the head that runs.
   *
   * @param adapters every adapter by name
   * @param active the active adapter names, in order
   * @return the head, or null when no active adapter has one
   */
  static Block of(Map<String, Adapter> adapters, List<String> active) {
    Block head = null;
    for (String n : active) {
      Block h = adapters.get(n).head().orElse(null);
      if (h != null) {
        head = h;
      }
    }
    return head;
  }

  /** Runs the base, then the head (when not null) on the base outputs and the extra inputs. */
  static NDList forward(
      Block base,
      Block head,
      ParameterStore store,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDList out = base.forward(store, inputs, training, params);
    if (head == null) {
      return out;
    }
    NDList headIn = new NDList(out);
    for (int i = 1; i < inputs.size(); i++) {
      headIn.add(inputs.get(i));
    }
    return head.forward(store, headIn, training, params);
  }

  /** The output shapes of {@link #forward}. */
  static Shape[] outputShapes(Block base, Block head, Shape[] inputShapes) {
    Shape[] out = base.getOutputShapes(inputShapes);
    if (head == null) {
      return out;
    }
    Shape[] headIn = Arrays.copyOf(out, out.length + inputShapes.length - 1);
    System.arraycopy(inputShapes, 1, headIn, out.length, inputShapes.length - 1);
    return head.getOutputShapes(headIn);
  }
}
