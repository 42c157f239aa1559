package dev.sure4j.adapters.nn;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block whose children keep the plain names they were given ({@code q_proj}, not {@code
 * 01q_proj}), so that {@link StateDict} paths match Hugging Face module paths.
 */
public abstract class NamedBlock extends AbstractBlock {

  private final Map<String, Block> named = new LinkedHashMap<>();

  /**
   * Creates a block with a serialisation version.
   *
   * @param version the version of this block's parameter layout
   */
  protected NamedBlock(byte version) {
    super(version);
  }

  /**
   * Registers a child under a plain name.
   *
   * @param name the child's name, unique in this block
   * @param block the child
   * @param <B> the child's type
   * @return the child
   */
  protected final <B extends Block> B addNamed(String name, B block) {
    if (named.containsKey(name)) {
      throw new IllegalStateException(
          "child " + name + " already exists in " + getClass().getSimpleName());
    }
    named.put(name, block);
    return block;
  }

  /**
   * Removes a child.
   *
   * @param name the child's name
   * @return the removed block, or null
   */
  protected final Block removeNamed(String name) {
    return named.remove(name);
  }

  /**
   * Returns the children by plain name.
   *
   * @return an unmodifiable view
   */
  protected final Map<String, Block> namedChildren() {
    return Collections.unmodifiableMap(named);
  }

  @Override
  public BlockList getChildren() {
    BlockList list = new BlockList(named.size());
    named.forEach(list::add);
    return list;
  }
}
