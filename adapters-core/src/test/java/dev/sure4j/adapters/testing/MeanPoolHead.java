package dev.sure4j.adapters.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * A test head: mean over valid frames, then {@code Linear(D -> classes)}. Inputs {@code [B, T, D]}
 * and optionally a mask {@code [B, T]}; output logits {@code [B, classes]}.
 */
public final class MeanPoolHead extends NamedBlock {

  private final AdaptableLinear classifier;

  /**
   * Creates the head.
   *
   * @param hidden {@code D}
   * @param classes the number of classes
   */
  public MeanPoolHead(int hidden, int classes) {
    super((byte) 1);
    classifier = addNamed("classifier", new AdaptableLinear(hidden, classes, true));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray pooled;
    if (inputs.size() > 1) {
      NDArray m = inputs.get(1).expandDims(2);
      pooled = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    } else {
      pooled = x.mean(new int[] {1});
    }
    return classifier.forward(store, new NDList(pooled), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classifier.outFeatures())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    classifier.initialize(manager, dataType, new Shape(1, classifier.inFeatures()));
  }
}
