package dev.sure4j.adapters.inject;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds a model's injection points by walking its block tree, as PEFT walks {@code
 * named_modules()}: every {@link AdapterHost} that is an {@link AdapterHost#injectionPoint()} is a
 * point, at the path made of its ancestors' child names joined by dots ({@code
 * encoder.layers.3.attention.q_proj}). The adapters attached to a host are not walked.
 */
public final class InjectionPoints {

  private InjectionPoints() {}

  /**
   * Lists the injection points below a block, in the order of the block tree (depth first, children
   * in their order).
   *
   * @param root the model
   * @return the points; a host's path is {@code prefix.child.grandchild...}
   */
  public static List<InjectionPoint> discover(Block root) {
    return discover(root, "");
  }

  /**
   * Lists the injection points below a block that sits at a path inside a larger model.
   *
   * @param root the block
   * @param prefix the block's own path followed by a dot ({@code encoder.layers.}), or empty
   * @return the points, with paths that start with the prefix
   */
  public static List<InjectionPoint> discover(Block root, String prefix) {
    List<InjectionPoint> out = new ArrayList<>();
    walk(root, "", prefix, out);
    return out;
  }

  private static void walk(Block block, String path, String prefix, List<InjectionPoint> out) {
    Collection<Block> attached = List.of();
    if (block instanceof AdapterHost host) {
      if (!path.isEmpty() && host.injectionPoint()) {
        out.add(InjectionPoint.at(prefix + path, host));
      }
      attached = host.adapters().values();
    }
    for (Pair<String, Block> child : block.getChildren()) {
      if (attached.stream().anyMatch(a -> a == child.getValue())) {
        continue;
      }
      String name = child.getKey();
      walk(child.getValue(), path.isEmpty() ? name : path + "." + name, prefix, out);
    }
  }
}
