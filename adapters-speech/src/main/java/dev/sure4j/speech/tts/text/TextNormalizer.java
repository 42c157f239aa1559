package dev.sure4j.speech.tts.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalises text for a character front end: Unicode NFKC, lower case, every character that is not
 * a letter, a digit or basic punctuation ({@value #PUNCTUATION}) turned into a space, and
 * whitespace runs collapsed to one space with none at the ends. Idempotent.
 */
public final class TextNormalizer {
  /** The punctuation kept. */
  public static final String PUNCTUATION = "!'(),-.:;?\"";

  private TextNormalizer() {}

  /**
   * Normalises one text.
   *
   * @param text any text
   * @return the normalised text, possibly empty
   */
  public static String normalize(String text) {
    String lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean space = true; // drops leading spaces
    for (int i = 0; i < lower.length(); ) {
      int c = lower.codePointAt(i);
      i += Character.charCount(c);
      boolean keep = Character.isLetterOrDigit(c) || PUNCTUATION.indexOf(c) >= 0;
      if (keep) {
        out.appendCodePoint(c);
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    int end = out.length();
    if (end > 0 && out.charAt(end - 1) == ' ') {
      out.setLength(end - 1);
    }
    return out.toString();
  }
}
