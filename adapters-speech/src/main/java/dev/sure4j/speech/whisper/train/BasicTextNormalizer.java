package dev.sure4j.speech.whisper.train;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whisper's basic text normalisation (openai-whisper's {@code BasicTextNormalizer}), applied to
 * references and hypotheses before WER and CER: NFKC, lowercase, text in brackets or parentheses
 * removed, every mark, symbol and punctuation character replaced by a space, whitespace folded to
 * single spaces and trimmed. {@code "Hello, World! (laughs)"} becomes {@code "hello world"}; {@code
 * "it's"} becomes {@code "it s"}.
 */
public final class BasicTextNormalizer {

  private static final Pattern BRACKETS = Pattern.compile("[<\\[][^>\\]]*[>\\]]|\\([^)]+?\\)");
  private static final Pattern SYMBOLS = Pattern.compile("[\\p{M}\\p{S}\\p{P}]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private BasicTextNormalizer() {}

  /**
   * Normalises one text.
   *
   * @param text any text
   * @return the normalised text, possibly empty
   */
  public static String normalize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = BRACKETS.matcher(s).replaceAll("");
    s = SYMBOLS.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }
}
