package dev.sure4j.adapters.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A head that reads a {@link HeadFeed}, the base outputs and the extra model inputs apart and by
 * name, instead of one joined {@link NDList}. An {@link AdapterModel} (and {@code
 * dev.sure4j.adapters.mixed.MixedBatch}) calls these methods for a head block that implements this
 * interface.
 */
public interface FeedHead {

  /**
   * Runs the head.
   *
   * @param store the parameter store of this pass
   * @param feed the base outputs and the extra model inputs
   * @param training whether this is a training pass
   * @param params extra parameters, or null
   * @return the head's outputs
   */
  NDList forward(
      ParameterStore store, HeadFeed feed, boolean training, PairList<String, Object> params);

  /**
   * Returns the head's output shapes.
   *
   * @param layout the shapes and names of its inputs
   * @return the output shapes
   */
  Shape[] outputShapes(HeadLayout layout);
}
