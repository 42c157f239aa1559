package dev.sure4j.adapters.model;

import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The shapes and names of a {@link HeadFeed}, for the shape-only path ({@link
 * Block#getOutputShapes} carries no names): the base model's outputs, named when the base is a
 * {@link dev.sure4j.adapters.NamedOutputs}, and the model inputs after the first (unnamed).
 *
 * @param baseOutputs each base output's shape and name (the name may be null)
 * @param extraInputs each extra input's shape and name (the name may be null)
 */
public record HeadLayout(List<DataDesc> baseOutputs, List<DataDesc> extraInputs) {

  /** Copies the lists. */
  public HeadLayout {
    baseOutputs = ImmutableList.copyOf(baseOutputs);
    extraInputs = ImmutableList.copyOf(extraInputs);
  }

  /**
   * Returns the output shapes of a head fed this layout: a {@link FeedHead} reads the layout, a
   * plain block the shapes of {@link HeadFeed#joined()}.
   *
   * @param head the head
   * @return its output shapes
   */
  public Shape[] outputShapes(Block head) {
    if (head instanceof FeedHead f) {
      return f.outputShapes(this);
    }
    Shape[] all = new Shape[baseOutputs.size() + extraInputs.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] =
          (i < baseOutputs.size() ? baseOutputs.get(i) : extraInputs.get(i - baseOutputs.size()))
              .getShape();
    }
    return all.length == 0 ? all : head.getOutputShapes(all);
  }
}
