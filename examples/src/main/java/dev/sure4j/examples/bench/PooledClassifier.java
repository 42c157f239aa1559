package dev.sure4j.examples.bench;

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
 * The SURE classification head used by the benchmark: {@code Linear(D -> 256)}, mean over the real
 * frames, {@code Linear(256 -> classes)}. Inputs: the encoder outputs {@code [last [B, T, D], frame
 * mask [B, T], ...]}; output logits {@code [B, classes]}.
 */
final class PooledClassifier extends NamedBlock {

  private final AdaptableLinear projector;
  private final AdaptableLinear classifier;

  PooledClassifier(int hidden, int classes) {
    super((byte) 1);
    projector = addNamed("projector", new AdaptableLinear(hidden, 256, true));
    classifier = addNamed("classifier", new AdaptableLinear(256, classes, true));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = projector.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDArray mask = inputs.get(1).expandDims(2);
    NDArray pooled = h.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
    return classifier.forward(store, new NDList(pooled), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classifier.outFeatures())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    projector.initialize(manager, dataType, new Shape(1, projector.inFeatures()));
    classifier.initialize(manager, dataType, new Shape(1, 256));
  }
}
