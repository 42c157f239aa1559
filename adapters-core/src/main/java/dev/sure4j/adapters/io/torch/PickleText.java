package dev.sure4j.adapters.io.torch;

import java.util.List;
import java.util.Map;

/** Renders unpickled objects and names from a file for one-line messages, at bounded cost. */
final class PickleText {

  /** The most characters {@link #describe} renders. */
  private static final int DESCRIBE_CHARS = 120;

  private PickleText() {}

  /**
   * Describes an unpickled object for a message, at most 120 characters. Containers are rendered
   * only as far as the message shows them, so a huge, deep or self-referring object costs no more
   * than a small one.
   *
   * @param o the object
   * @return its type and value, or the global's dotted name
   */
  static String describe(Object o) {
    if (o instanceof TorchGlobal g) {
      return g.qualifiedName();
    }
    StringBuilder sb = new StringBuilder();
    sb.append(o == null ? "None" : o.getClass().getSimpleName() + " ");
    if (o != null) {
      render(o, sb, 0);
    }
    String s = printable(sb.toString());
    return s.length() > DESCRIBE_CHARS ? s.substring(0, DESCRIBE_CHARS - 3) + "..." : s;
  }

  /** Appends {@code o} to {@code sb} until it holds more than {@link #DESCRIBE_CHARS} chars. */
  private static void render(Object o, StringBuilder sb, int depth) {
    if (sb.length() > DESCRIBE_CHARS) {
      return;
    }
    if (depth > 8) {
      sb.append("...");
    } else if (o instanceof Map<?, ?> m) {
      sb.append('{');
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (sb.length() > DESCRIBE_CHARS) {
          return;
        }
        render(e.getKey(), sb, depth + 1);
        sb.append('=');
        render(e.getValue(), sb, depth + 1);
        sb.append(", ");
      }
      sb.append('}');
    } else if (o instanceof List<?> l) {
      sb.append('[');
      for (Object item : l) {
        if (sb.length() > DESCRIBE_CHARS) {
          return;
        }
        render(item, sb, depth + 1);
        sb.append(", ");
      }
      sb.append(']');
    } else if (o instanceof String text) {
      sb.append(text, 0, Math.min(text.length(), DESCRIBE_CHARS + 1));
    } else {
      sb.append(o == null ? "None" : o instanceof TorchGlobal g ? g.qualifiedName() : o);
    }
  }

  /**
   * Escapes the control characters of a string from a file, so that a message stays one line.
   *
   * @param s the string
   * @return the string with each control character escaped as a backslash, {@code u} and four hex
   *     digits
   */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
