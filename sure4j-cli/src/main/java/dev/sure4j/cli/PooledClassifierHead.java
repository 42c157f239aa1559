package dev.sure4j.cli;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * A sequence-classification head: mean pooling over the valid frames, then {@code classifier:
 * Linear(D -> classes)}.
 *
 * <p>Inputs: hidden states {@code [batch, frames, D]} and optionally a mask {@code [batch, frames]}
 * (1 = real frame, 0 = padding; without it every frame counts). Output: logits {@code [batch,
 * classes]}. This is the input the {@link dev.sure4j.adapters.model.AdapterModel} gives a head: the
 * base model's output followed by the model inputs after the first.
 */
public final class PooledClassifierHead extends NamedBlock {

  private static final byte VERSION = 1;

  private final int hidden;
  private final Linear classifier;

  /**
   * Creates a head.
   *
   * @param hidden the hidden size {@code D}, {@code > 0}
   * @param classes the number of classes, {@code > 1}
   */
  public PooledClassifierHead(int hidden, int classes) {
    super(VERSION);
    checkArgument(hidden > 0, "hidden size must be > 0: %s", hidden);
    checkArgument(classes > 1, "a classifier needs at least 2 classes: %s", classes);
    this.hidden = hidden;
    this.classifier = addNamed("classifier", Linear.builder().setUnits(classes).build());
  }

  /**
   * Creates and initialises a head.
   *
   * @param manager the manager that owns the parameters
   * @param hidden the hidden size {@code D}
   * @param classes the number of classes
   * @return the initialised head
   */
  public static PooledClassifierHead create(NDManager manager, int hidden, int classes) {
    PooledClassifierHead head = new PooledClassifierHead(hidden, classes);
    head.initialize(manager, DataType.FLOAT32, new Shape(1, 1, hidden));
    return head;
  }

  /**
   * Averages the valid frames.
   *
   * @param x hidden states {@code [batch, frames, D]}
   * @param mask {@code [batch, frames]} with 1 for real frames, or null for all frames
   * @return {@code [batch, D]}
   */
  public static NDArray maskedMean(NDArray x, NDArray mask) {
    if (mask == null) {
      return x.mean(new int[] {1});
    }
    NDArray m = mask.toType(x.getDataType(), false);
    NDArray counts = m.sum(new int[] {1}, true).maximum(1f); // [B, 1]
    return x.mul(m.expandDims(-1)).sum(new int[] {1}).div(counts);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray pooled = maskedMean(inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null);
    return classifier.forward(store, new NDList(pooled), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return classifier.getOutputShapes(new Shape[] {new Shape(x.get(0), hidden)});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    classifier.initialize(manager, dataType, new Shape(1, hidden));
  }
}
