package dev.sure4j.speech.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.nn.NamedBlock;
import java.util.List;

/**
 * A list of blocks named {@code 0}, {@code 1}, ..., like PyTorch's {@code nn.ModuleList}, so that
 * parameter paths read {@code conv_layers.3.conv.weight}. Its owner runs the blocks; calling it
 * directly is an error.
 *
 * @param <B> the element type
 */
public final class ModuleList<B extends Block> extends NamedBlock {

  private static final byte VERSION = 1;

  private final List<B> blocks;

  /**
   * Creates a list.
   *
   * @param blocks the elements, named by their index
   */
  public ModuleList(List<B> blocks) {
    super(VERSION);
    this.blocks = ImmutableList.copyOf(blocks);
    for (int i = 0; i < blocks.size(); i++) {
      addNamed(Integer.toString(i), blocks.get(i));
    }
  }

  /**
   * Returns the elements.
   *
   * @return an immutable list
   */
  public List<B> blocks() {
    return blocks;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("a ModuleList is run by its owner");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("a ModuleList is run by its owner");
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // the owner initialises the elements
  }
}
