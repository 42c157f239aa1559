package dev.sure4j.examples.tasks;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads repeated {@code --adapter} values: {@code name=directory}, or a directory alone. */
public final class AdapterArguments {

  private AdapterArguments() {}

  /**
   * Names the adapter directories.
   *
   * @param values {@code name=directory} or {@code directory} (named {@code adapter1}, {@code
   *     adapter2}, ... by position)
   * @return name to directory, in the given order
   * @throws IllegalArgumentException when a name repeats
   */
  public static Map<String, Path> parse(List<String> values) {
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
