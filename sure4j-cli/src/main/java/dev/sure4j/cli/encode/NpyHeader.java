package dev.sure4j.cli.encode;

import dev.sure4j.adapters.io.JsonInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header dict of a {@code .npy} file, a Python literal such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (80, 87), }}, read by a small recursive-descent parser of
 * strings, {@code True}/{@code False}, integers, tuples, lists and dicts.
 *
 * @param descr the dtype as written, such as {@code <f4}, or the literal text of a structured one
 * @param fortranOrder whether the data is stored column-major
 * @param shape the dimensions, each {@code >= 0}; empty for a 0-d array
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  /**
   * Parses a header dict.
   *
   * @param file the file, for messages
   * @param text the dict as stored after the header length (trailing spaces and newline allowed)
   * @return the header
   * @throws IOException if the dict is malformed or its keys are not exactly descr, fortran_order
   *     and shape (one line naming the file)
   */
  static NpyHeader parse(Path file, String text) throws IOException {
    Parser p = new Parser(file, text);
    if (!(p.value() instanceof Dict dict) || p.skipSpace() != text.length()) {
      throw p.error("the header is not one dict");
    }
    if (!dict.values().keySet().equals(KEYS)) {
      throw p.error("the header's keys " + dict.values().keySet() + " are not " + KEYS);
    }
    String descr = dict.values().get("descr") instanceof String s ? s : dict.literal().get("descr");
    if (!(dict.values().get("fortran_order") instanceof Boolean fortran)) {
      throw p.error("fortran_order is not True or False");
    }
    if (!(dict.values().get("shape") instanceof Tuple tuple)) {
      throw p.error("the shape is not a tuple");
    }
    long[] shape = new long[tuple.items().size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(tuple.items().get(i) instanceof Long d) || d < 0) {
        throw p.error("the shape " + dict.literal().get("shape") + " has a bad dimension");
      }
      shape[i] = d;
    }
    return new NpyHeader(descr, fortran, shape);
  }

  /** A Python tuple or list. */
  private record Tuple(List<Object> items) {}

  /** A Python dict with string keys, and each value's literal text. */
  private record Dict(Map<String, Object> values, Map<String, String> literal) {}

  /** A cursor over the literal. */
  private static final class Parser {
    /** The deepest nesting of tuples, lists and dicts (a real header nests 2 deep). */
    private static final int MAX_DEPTH = 32;

    /** The most header characters a message shows. */
    private static final int MAX_SHOWN = 200;

    private final Path file;
    private final String text;
    private int at;
    private int depth;

    Parser(Path file, String text) {
      this.file = file;
      this.text = text;
    }

    IOException error(String what) {
      String header = text.strip();
      if (header.length() > MAX_SHOWN) {
        header = header.substring(0, MAX_SHOWN) + "...";
      }
      return new IOException(
          file
              + ": "
              + JsonInput.oneLine(what)
              + " in the .npy header "
              + JsonInput.oneLine(header));
    }

    int skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return at;
    }

    boolean consume(char c) {
      if (skipSpace() < text.length() && text.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    Object value() throws IOException {
      if (skipSpace() >= text.length()) {
        throw error("the header ends early");
      }
      char c = text.charAt(at);
      if (c == '{' || c == '(' || c == '[') {
        if (++depth > MAX_DEPTH) {
          throw error("the header nests deeper than " + MAX_DEPTH + " brackets");
        }
        at++;
        Object o = c == '{' ? dict() : new Tuple(items(c == '(' ? ')' : ']'));
        depth--;
        return o;
      } else if (c == '\'' || c == '"') {
        int end = text.indexOf(c, at + 1);
        if (end < 0) {
          throw error("a string is not closed");
        }
        String s = text.substring(at + 1, end);
        at = end + 1;
        return s;
      }
      int start = at;
      while (at < text.length()
          && (Character.isLetterOrDigit(text.charAt(at)) || "+-_".indexOf(text.charAt(at)) >= 0)) {
        at++;
      }
      String word = text.substring(start, at);
      if (word.equals("True") || word.equals("False")) {
        return word.equals("True");
      }
      // Python 2 numpy wrote long dimensions as 3L
      String digits = word.replace("_", "").replaceFirst("(?<=\\d)[Ll]$", "");
      if (!digits.matches("[+-]?\\d+")) {
        throw error("unexpected '" + (word.isEmpty() ? String.valueOf(c) : word) + "'");
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw error("the integer " + word + " is out of range");
      }
    }

    private Dict dict() throws IOException {
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, String> literal = new LinkedHashMap<>();
      while (!consume('}')) {
        if (!(value() instanceof String key)) {
          throw error("a dict key is not a string");
        }
        if (!consume(':')) {
          throw error("a dict key is not followed by ':'");
        }
        int start = skipSpace();
        values.put(key, value());
        literal.put(key, text.substring(start, at));
        if (!consume(',')) {
          if (!consume('}')) {
            throw error("a dict value is not followed by ',' or '}'");
          }
          break;
        }
      }
      return new Dict(values, literal);
    }

    private List<Object> items(char close) throws IOException {
      List<Object> items = new ArrayList<>();
      while (!consume(close)) {
        items.add(value());
        if (!consume(',')) {
          if (!consume(close)) {
            throw error("a tuple item is not followed by ',' or '" + close + "'");
          }
          break;
        }
      }
      return items;
    }
  }
}
