package dev.sure4j.adapters.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.NamedOutputs;
import dev.sure4j.adapters.method.Adapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The task head an {@link AdapterModel} runs after its base: the head of the last active adapter
 * that has one, fed a {@link HeadFeed}: the base outputs and the model inputs after the first, kept
 * apart.
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

  /**
   * Runs the base, then the head (when not null) on a {@link HeadFeed}: the base outputs and the
   * model inputs after the first, kept apart.
   */
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
    return new HeadFeed(out, inputs.subNDList(1)).run(head, store, training, params);
  }

  /**
   * The output shapes of {@link #forward}: the head reads a {@link HeadLayout}, whose base outputs
   * are named when the base is a {@link NamedOutputs}.
   */
  static Shape[] outputShapes(Block base, Block head, Shape[] inputShapes) {
    if (head == null) {
      return base.getOutputShapes(inputShapes);
    }
    return layout(base, inputShapes).outputShapes(head);
  }

  private static HeadLayout layout(Block base, Shape[] inputShapes) {
    List<DataDesc> outputs = new ArrayList<>();
    if (base instanceof NamedOutputs n) {
      outputs.addAll(Arrays.asList(n.describeOutputs(inputShapes)));
    } else {
      for (Shape s : base.getOutputShapes(inputShapes)) {
        outputs.add(new DataDesc(s));
      }
    }
    List<DataDesc> extras = new ArrayList<>();
    for (int i = 1; i < inputShapes.length; i++) {
      extras.add(new DataDesc(inputShapes[i]));
    }
    return new HeadLayout(outputs, extras);
  }
}
