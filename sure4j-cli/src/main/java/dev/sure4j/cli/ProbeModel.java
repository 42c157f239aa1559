package dev.sure4j.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.NamedBlock;
import java.util.Arrays;

/**
 * A linear probe: an {@link AdapterModel} with no active adapter (so its base is frozen) followed
 * by a trainable head. Children: {@code model} and {@code head}.
 *
 * <p>Inputs: {@code x [batch, frames, D]} and optionally a mask {@code [batch, frames]}. Output:
 * the head's output.
 */
public final class ProbeModel extends NamedBlock {

  private static final byte VERSION = 1;

  private final AdapterModel model;
  private final Block head;

  /**
   * Creates a probe.
   *
   * @param model the frozen model; its active adapters, if any, still run
   * @param head an initialised head taking the model's outputs and the mask
   */
  public ProbeModel(AdapterModel model, Block head) {
    super(VERSION);
    this.model = addNamed("model", model);
    this.head = addNamed("head", head);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList headIn = new NDList(model.forward(store, inputs, training, params));
    for (int i = 1; i < inputs.size(); i++) {
      headIn.add(inputs.get(i));
    }
    return head.forward(store, headIn, training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] out = model.getOutputShapes(inputShapes);
    Shape[] headIn = Arrays.copyOf(out, out.length + inputShapes.length - 1);
    System.arraycopy(inputShapes, 1, headIn, out.length, inputShapes.length - 1);
    return head.getOutputShapes(headIn);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    model.initialize(manager, dataType, inputShapes);
  }
}
