package dev.sure4j.adapters;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * <p>PEFT's other form, {@code target_modules} as one string, is a regular expression that must
 * match the whole module path ({@code re.fullmatch}), e.g. {@code
 * feature_extractor\.conv_layers\.[0-2]\.conv}: {@link #regex(String)}. As in PEFT it takes no
 * layer restriction.
 *
 * @param modules the module names or globs, never empty; for a regular expression, the expression
 * @param layers the layer indices to keep, or empty for all layers
 * @param regex the regular expression over whole module paths, or null for names and globs
 */
public record Targets(List<String> modules, Set<Integer> layers, String regex) {

  /**
   * Creates targets from module names or globs.
   *
   * @param modules the module names or globs, never empty
   * @param layers the layer indices to keep, or empty for all layers
   */
  public Targets(List<String> modules, Set<Integer> layers) {
    this(modules, layers, null);
  }

  /** Validates and copies the values. */
  public Targets {
    if (regex != null) {
      checkArgument(
          modules != null && modules.equals(List.of(regex)),
          "regular-expression targets hold the expression as their one module: %s",
          modules);
      checkArgument(
          layers != null && layers.isEmpty(),
          "a regular expression target takes no layers (as PEFT): %s",
          layers);
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "bad regular expression '" + regex + "': " + e.getDescription(), e);
      }
    }
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
   * Targets every module whose whole path matches a regular expression, as PEFT's string {@code
   * target_modules} ({@code re.fullmatch}).
   *
   * @param regex e.g. {@code .*conv_layers\.[0-2]\.conv}
   * @return the targets
   * @throws IllegalArgumentException when the expression does not compile
   */
  public static Targets regex(String regex) {
    checkArgument(regex != null && !regex.isBlank(), "the regular expression must not be blank");
    return new Targets(List.of(regex), Set.of(), regex);
  }

  /**
   * Tells whether these targets are one regular expression ({@link #regex(String)}).
   *
   * @return true for the regular-expression form
   */
  public boolean isRegex() {
    return regex != null;
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
    checkArgument(regex == null, "a regular expression target takes no layers (as PEFT)");
    return new Targets(modules, b.build());
  }

  /**
   * Returns these targets restricted to the given layers.
   *
   * @param layerIndices layer indices
   * @return new targets
   */
  public Targets onLayers(Set<Integer> layerIndices) {
    checkArgument(regex == null, "a regular expression target takes no layers (as PEFT)");
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
    if (regex != null) {
      return Pattern.compile(regex).matcher(path).matches();
    }
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
