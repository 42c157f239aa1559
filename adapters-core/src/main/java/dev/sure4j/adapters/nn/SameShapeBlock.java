package dev.sure4j.adapters.nn;

import ai.djl.ndarray.types.Shape;

/**
 * A {@link NamedBlock} whose output has the shape of its first input, e.g. {@code [batch, time, D]
 * -> [batch, time, D]}: residual layers, normalisations, feed-forward blocks and adapters that map
 * a hidden state to a hidden state. The one place that says so.
 */
public abstract class SameShapeBlock extends NamedBlock {

  /**
   * Creates the block.
   *
   * @param version the block version
   */
  protected SameShapeBlock(byte version) {
    super(version);
  }

  /**
   * Returns the input shape.
   *
   * @param inputShapes the input shapes; the first is the hidden state's
   * @return {@code [inputShapes[0]]}
   */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
