package dev.sure4j.adapters;

import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.Shape;

/**
 * A block whose outputs carry names ({@link OutputNames}): the shape-only counterpart of {@link
 * ai.djl.nn.Block#getOutputShapes}, which has no names, so that a head's output shapes can be found
 * from the roles of its inputs.
 */
public interface NamedOutputs {

  /**
   * Describes the outputs for the given inputs.
   *
   * @param inputShapes the shapes of the block's inputs
   * @return each output's shape and name, in output order
   */
  DataDesc[] describeOutputs(Shape[] inputShapes);
}
