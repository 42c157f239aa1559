package dev.sure4j.adapters;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Selects injection points of a host model by name and layer.
 *
 * <p>Each entry of {@link #modules()} is either a plain name or a glob:
 *
 * <ul>
 *   <li>a plain name ({@code q_proj}, {@code attention.q_proj}) matches every point whose module
 *       path equals it or ends with {@code "." + name}, as Hugging Face PEFT's {@code
 *       target_modules} does;
 *   <li>a glob ({@code encoder.layers.*.attention.q_proj}) matches whole module paths, where {@code
 *       *} matches any characters and {@code ?} one character.
 * </ul>
 *
 * <p>{@link #layers()} restricts the match to the given layer indices; an empty set means every
 * layer.
 *
 * @param modules the module names or globs, never empty
 * @param layers the layer indices to keep, or empty for all layers
 */
public record Targets(List<String> modules, Set<Integer> layers) {

  /** Validates and copies the values. */
  public Targets {
    checkArgument(modules != null && !modules.isEmpty(), "targets need at least one module name");
    for (String m : modules) {
      checkArgument(
          m != null && !m.isBlank(), "target module names must not be blank: %s", modules);
    }
    checkArgument(layers != null, "layers must not be null (use an empty set for all layers)");
    for (Integer l : layers) {
      checkArgument(l != null && l >= 0, "layer indices must be >= 0: %s", layers);
    }
    modules = ImmutableList.copyOf(modules);
    layers = ImmutableSortedSet.copyOf(layers);
  }

  /**
   * Targets the named modules on every layer.
   *
   * @param modules module names or globs
   * @return the targets
   */
  public static Targets modules(String... modules) {
    return new Targets(Arrays.asList(modules), Set.of());
  }

  /**
   * Returns these targets restricted to the layers {@code first..last}, both included.
   *
   * @param first the first layer index
   * @param last the last layer index, {@code >= first}
   * @return new targets
   */
  public Targets onLayers(int first, int last) {
    checkArgument(
        first >= 0 && last >= first,
        "layer range must satisfy 0 <= first <= last: %s..%s",
        first,
        last);
    ImmutableSortedSet.Builder<Integer> b = ImmutableSortedSet.naturalOrder();
    for (int i = first; i <= last; i++) {
      b.add(i);
    }
    return new Targets(modules, b.build());
  }

  /**
   * Returns these targets restricted to the given layers.
   *
   * @param layerIndices layer indices
   * @return new targets
   */
  public Targets onLayers(Set<Integer> layerIndices) {
    return new Targets(modules, layerIndices);
  }

  /**
   * Tells whether a point with this module path and layer is selected.
   *
   * @param path the full module path, e.g. {@code encoder.layers.3.attention.q_proj}
   * @param layer the point's layer index, or -1 when it belongs to no layer
   * @return true when selected
   */
  public boolean matches(String path, int layer) {
    if (!layers.isEmpty() && !layers.contains(layer)) {
      return false;
    }
    for (String m : modules) {
      if (isGlob(m)
          ? globToRegex(m).matcher(path).matches()
          : path.equals(m) || path.endsWith("." + m)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
  }

  private static Pattern globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        sb.append(".*");
      } else if (c == '?') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(sb.toString());
  }
}
