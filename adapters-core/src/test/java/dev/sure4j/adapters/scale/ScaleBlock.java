package dev.sure4j.adapters.scale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Parameters;

/**
 * {@code x + x * gamma} over the last axis; {@code gamma [D]}. Input and output {@code [.., D]}.
 */
final class ScaleBlock extends NamedBlock {

  private final Parameter gamma;

  ScaleBlock(int hidden, float initialGain) {
    super((byte) 1);
    gamma =
        addParameter(
            Parameters.of(
                "gamma",
                Parameter.Type.WEIGHT,
                new Shape(hidden),
                new ConstantInitializer(initialGain)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray g = store.getValue(gamma, x.getDevice(), training);
    return new NDList(x.add(x.mul(g)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // the only parameter is this block's own
  }
}
