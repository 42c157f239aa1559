package dev.sure4j.adapters.testing;

/** The property every fuzz test checks of a documented exception: one line naming the source. */
public final class FuzzMessages {

  private FuzzMessages() {}

  /**
   * Throws an {@link AssertionError} (a finding) unless the exception's message is one line that
   * names the source.
   *
   * @param e the exception a reader threw
   * @param source the file or label the reader was given
   */
  public static void check(Exception e, String source) {
    String message = e.getMessage();
    if (message == null
        || !message.contains(source)
        || message.indexOf('\n') >= 0
        || message.indexOf('\r') >= 0) {
      throw new AssertionError("not one line naming " + source + ": " + message, e);
    }
  }
}
