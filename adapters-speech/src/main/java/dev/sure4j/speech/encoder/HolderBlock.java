package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;

/**
 * A block that only holds named children, so that their parameter paths read as a reference
 * checkpoint's ({@code conv_layers.3.conv.weight}, {@code mpd.discriminators.0...}): its owner, or
 * each child on its own, runs and initialises them, and running or asking this block for output
 * shapes is an error in one line saying who runs the children.
 */
public abstract class HolderBlock extends NamedBlock {

  private final String runBy;

  /**
   * Creates a holder.
   *
   * @param version the version of this block's parameter layout
   * @param runBy the message of the error a call to this block raises, saying who runs the children
   */
  protected HolderBlock(byte version, String runBy) {
    super(version);
    this.runBy = runBy;
  }

  @Override
  protected final NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException(runBy);
  }

  @Override
  public final Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException(runBy);
  }

  @Override
  protected final void initializeChildBlocks(
      NDManager manager, DataType dataType, Shape... inputShapes) {
    // the owner, or each child on its own, initialises the children
  }
}
