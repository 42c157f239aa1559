package dev.sure4j.cli.options;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The repeatable {@code --adapter} option of the commands that serve adapters (a picocli mixin):
 * {@code name=directory}, or a directory alone.
 */
public final class AdapterOption {

  @Option(
      names = "--adapter",
      required = true,
      description =
          "An adapter directory, or name=directory; repeat for several adapters on one backbone.")
  List<String> values;

  /**
   * Names the adapter directories.
   *
   * @return name to directory in the given order; a bare directory is named {@code adapter1},
   *     {@code adapter2}, ... by position
   * @throws IllegalArgumentException when a name repeats
   */
  public Map<String, Path> named() {
    Map<String, Path> named = new LinkedHashMap<>();
    for (String a : values) {
      int eq = a.indexOf('=');
      String name = eq > 0 ? a.substring(0, eq) : "adapter" + (named.size() + 1);
      checkArgument(!named.containsKey(name), "--adapter %s: the name '%s' is taken", a, name);
      named.put(name, Path.of(eq > 0 ? a.substring(eq + 1) : a));
    }
    return named;
  }
}
