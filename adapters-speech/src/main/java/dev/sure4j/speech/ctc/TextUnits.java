package dev.sure4j.speech.ctc;

import java.util.ArrayList;
import java.util.List;

/** How text splits into the units of a {@link Vocabulary} of each {@link Vocabulary.Kind}. */
final class TextUnits {

  private TextUnits() {}

  /**
   * Splits text into units; for characters a space becomes {@link Vocabulary#WORD_DELIMITER}.
   *
   * @param text the text (whitespace runs count as one space; leading/trailing ignored)
   * @param kind how text maps to units
   * @return the units, in order
   */
  static List<String> split(String text, Vocabulary.Kind kind) {
    List<String> out = new ArrayList<>();
    String norm = text.trim().replaceAll("\\s+", " ");
    if (norm.isEmpty()) {
      return out;
    }
    if (kind == Vocabulary.Kind.TOKENS) {
      out.addAll(List.of(norm.split(" ")));
    } else if (kind == Vocabulary.Kind.CHARACTERS) {
      norm.codePoints()
          .forEach(
              c ->
                  out.add(c == ' ' ? Vocabulary.WORD_DELIMITER : new String(Character.toChars(c))));
    } else {
      String previous = null;
      for (String word : norm.split(" ")) {
        if (previous != null
            && !Vocabulary.isOpeningTag(previous)
            && !Vocabulary.isClosingTag(word)) {
          out.add(Vocabulary.WORD_DELIMITER);
        }
        if (Vocabulary.isOpeningTag(word) || Vocabulary.isClosingTag(word)) {
          out.add(word);
        } else {
          word.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        }
        previous = word;
      }
    }
    return out;
  }
}
