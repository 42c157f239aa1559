package dev.sure4j.adapters.inject;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One place of a host model where adapters can be attached: a host block and its module path.
 *
 * @param path the full module path, e.g. {@code encoder.layers.3.attention.q_proj}
 * @param layer the index of the layer the point belongs to (the first all-digit component of the
 *     path, as PEFT's {@code layers_to_transform} counts), or -1
 * @param host the block that carries adapters at this point
 */
public record InjectionPoint(String path, int layer, AdapterHost host) {

  /** Validates the values. */
  public InjectionPoint {
    checkArgument(path != null && !path.isBlank(), "injection point path must not be blank");
    checkArgument(host != null, "injection point %s has no host block", path);
    checkArgument(layer >= -1, "injection point %s has layer %s", path, layer);
  }

  /**
   * Creates a point whose layer index is read from its path.
   *
   * @param path the module path
   * @param host the host block
   * @return the point
   */
  public static InjectionPoint at(String path, AdapterHost host) {
    return new InjectionPoint(path, layerOf(path), host);
  }

  /**
   * Returns the layer index in a module path: its first component made only of digits.
   *
   * @param path e.g. {@code encoder.layers.3.attention}
   * @return e.g. 3, or -1 when there is none
   */
  public static int layerOf(String path) {
    for (String part : path.split("\\.")) {
      if (!part.isEmpty() && part.length() < 10 && part.chars().allMatch(Character::isDigit)) {
        return Integer.parseInt(part);
      }
    }
    return -1;
  }

  /**
   * Returns the kind of host at this point.
   *
   * @return the host's site
   */
  public Site site() {
    return host.site();
  }

  /**
   * Returns the feature size at this point: the input size of a linear layer, the hidden size
   * {@code D} of a residual site or attention block.
   *
   * @return the size, {@code > 0}
   */
  public int hidden() {
    return host.hidden();
  }

  /**
   * Returns the last component of the path, the name targets match first.
   *
   * @return e.g. {@code q_proj}
   */
  public String moduleName() {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
