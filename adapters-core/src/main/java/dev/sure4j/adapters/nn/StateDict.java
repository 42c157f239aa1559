package dev.sure4j.adapters.nn;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names every parameter of a block tree by its dotted module path, like PyTorch's {@code
 * state_dict()}: {@code encoder.layers.0.attention.q_proj.weight}.
 */
public final class StateDict {

  private StateDict() {}

  /**
   * Lists the parameters of a block and its descendants.
   *
   * @param root the block
   * @param prefix a path prefix for every name, or an empty string
   * @return parameters by dotted path, in tree order
   */
  public static Map<String, Parameter> of(Block root, String prefix) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect(root, prefix, out);
    return Collections.unmodifiableMap(out);
  }

  private static void collect(Block block, String prefix, Map<String, Parameter> out) {
    String dot = prefix.isEmpty() ? "" : prefix + ".";
    if (block instanceof AbstractBlock) {
      for (Pair<String, Parameter> p : ((AbstractBlock) block).getDirectParameters()) {
        out.put(dot + p.getValue().getName(), p.getValue());
      }
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), dot + child.getKey(), out);
    }
  }
}
