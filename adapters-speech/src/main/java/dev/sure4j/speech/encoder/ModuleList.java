package dev.sure4j.speech.encoder;

import ai.djl.nn.Block;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A list of blocks named {@code 0}, {@code 1}, ..., like PyTorch's {@code nn.ModuleList}, so that
 * parameter paths read {@code conv_layers.3.conv.weight}. Its owner runs the blocks; calling it
 * directly is an error.
 *
 * @param <B> the element type
 */
public final class ModuleList<B extends Block> extends HolderBlock {

  private static final byte VERSION = 1;

  private final List<B> blocks;

  /**
   * Creates a list.
   *
   * @param blocks the elements, named by their index
   */
  public ModuleList(List<B> blocks) {
    super(VERSION, "a ModuleList is run by its owner");
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
}
