package dev.sure4j.adapters.files;

import dev.sure4j.adapters.method.Adapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches the tensor names of a file to the names an adapter expects, accepting the spellings of
 * PEFT files written for Hugging Face models (see {@code docs/adapter-files.md}).
 */
final class TensorNames {

  /** The module prefix that stands for any one outer module name. */
  static final String ANY_ONE_MODULE = "*.";

  private TensorNames() {}

  /**
   * Maps every expected name to the file name that holds it.
   *
   * <p>A file name matches an expected name when it is equal; or when it is {@code
   * base_model.model.<prefix><path>} for one of {@code modulePrefixes} and {@code
   * base_model.model.<path>} is expected (a Hugging Face task model's encoder attribute; {@code *.}
   * stands for any one module name); or when it is {@code base_model.model.<path>} and {@code
   * head.<path>} is expected (a head saved by PEFT through {@code modules_to_save}).
   *
   * @throws IllegalArgumentException listing missing and unexpected names, with the file
   */
  static Map<String, String> match(
      Set<String> fileNames, Set<String> expected, List<String> modulePrefixes, Path file) {
    Map<String, String> byExpected = new LinkedHashMap<>();
    Set<String> unexpected = new TreeSet<>();
    List<String> clashes = new ArrayList<>();
    for (String f : fileNames) {
      String e = resolve(f, expected, modulePrefixes);
      if (e == null) {
        unexpected.add(f);
      } else if (byExpected.containsKey(e)) {
        clashes.add("'" + byExpected.get(e) + "' and '" + f + "' both give '" + e + "'");
      } else {
        byExpected.put(e, f);
      }
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(byExpected.keySet());
    if (!missing.isEmpty() || !unexpected.isEmpty() || !clashes.isEmpty()) {
      StringBuilder sb = new StringBuilder(file.toString()).append(": tensors do not match the");
      sb.append(" adapter");
      if (!missing.isEmpty()) {
        sb.append("; missing ").append(missing.size()).append(": ").append(missing);
      }
      if (!unexpected.isEmpty()) {
        sb.append("; unexpected ").append(unexpected.size()).append(": ").append(unexpected);
      }
      if (!clashes.isEmpty()) {
        sb.append("; ambiguous: ").append(clashes);
      }
      throw new IllegalArgumentException(sb.toString());
    }
    return byExpected;
  }

  private static String resolve(String f, Set<String> expected, List<String> modulePrefixes) {
    if (expected.contains(f)) {
      return f;
    }
    if (!f.startsWith(Adapter.BASE_PREFIX)) {
      return null;
    }
    String rest = f.substring(Adapter.BASE_PREFIX.length());
    for (String p : modulePrefixes) {
      if (p.equals(ANY_ONE_MODULE)) {
        int dot = rest.indexOf('.');
        if (dot > 0 && expected.contains(Adapter.BASE_PREFIX + rest.substring(dot + 1))) {
          return Adapter.BASE_PREFIX + rest.substring(dot + 1);
        }
      } else if (rest.startsWith(p)
          && expected.contains(Adapter.BASE_PREFIX + rest.substring(p.length()))) {
        return Adapter.BASE_PREFIX + rest.substring(p.length());
      }
    }
    return expected.contains(Adapter.HEAD_PREFIX + rest) ? Adapter.HEAD_PREFIX + rest : null;
  }

  /**
   * Renames a sure4j file name to PEFT's layout for a Hugging Face task model: encoder paths gain
   * {@code modulePrefix}, head tensors move to {@code base_model.model.<path>}, tensors outside
   * {@code base_model.model.} (shared by the whole adapter) keep their names.
   */
  static String toPeft(String name, String modulePrefix) {
    if (name.startsWith(Adapter.HEAD_PREFIX)) {
      return Adapter.BASE_PREFIX + name.substring(Adapter.HEAD_PREFIX.length());
    }
    if (!name.startsWith(Adapter.BASE_PREFIX)) {
      return name; // a tensor shared by the whole adapter, e.g. base_model.vera_A
    }
    return Adapter.BASE_PREFIX + modulePrefix + name.substring(Adapter.BASE_PREFIX.length());
  }
}
