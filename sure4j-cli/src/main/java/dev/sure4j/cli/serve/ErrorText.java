package dev.sure4j.cli.serve;

import dev.sure4j.cli.options.LimitOptions;
import java.util.regex.Pattern;

/**
 * Makes a message safe to send to a client: one line, no file-system paths (a decoder's executable,
 * a temporary file), at most {@link #MAX_CHARS} characters.
 */
final class ErrorText {

  /** The longest message sent, in characters. */
  static final int MAX_CHARS = 300;

  private static final Pattern PATH =
      Pattern.compile("(?<![\\w.:/])(?:[A-Za-z]:\\\\|/)[^\\s:;,'\"()\\[\\]]+");

  private ErrorText() {}

  /**
   * Returns the message without paths, line breaks or control characters, shortened to {@link
   * #MAX_CHARS}.
   *
   * @param message a message from a decoder or a check, possibly null
   * @return a one-line message
   */
  static String clean(String message) {
    String s = message == null ? "" : message;
    s = s.replaceAll("\\p{Cntrl}+", " ").trim();
    s = PATH.matcher(s).replaceAll("<path>");
    s = LimitOptions.namingFlags(s);
    return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS - 3) + "..." : s;
  }
}
