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
 * A head shaped like Hugging Face's {@code HubertForSequenceClassification} head: {@code projector}
 * on every frame, mean over frames, {@code classifier}. Input {@code [batch, frames, D]}, output
 * {@code [batch, labels]}. Shared by the tests of every module (adapters-core test-jar).
 */
public final class SequenceClassificationHead extends NamedBlock {

  private final AdaptableLinear projector;
  private final AdaptableLinear classifier;
  private final int proj;
  private final int labels;

  /**
   * Creates the head.
   *
   * @param hidden the encoder's hidden size {@code D}
   * @param proj the projector's size ({@code classifier_proj_size})
   * @param labels the number of labels
   */
  public SequenceClassificationHead(int hidden, int proj, int labels) {
    super((byte) 1);
    this.proj = proj;
    this.labels = labels;
    projector = addNamed("projector", new AdaptableLinear(hidden, proj, true));
    classifier = addNamed("classifier", new AdaptableLinear(proj, labels, true));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray h = projector.forward(store, new NDList(inputs.get(0)), training).singletonOrThrow();
    NDArray pooled = h.mean(new int[] {1});
    return classifier.forward(store, new NDList(pooled), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), labels)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    projector.initialize(manager, dataType, inputShapes[0]);
    classifier.initialize(manager, dataType, new Shape(inputShapes[0].get(0), proj));
  }
}
