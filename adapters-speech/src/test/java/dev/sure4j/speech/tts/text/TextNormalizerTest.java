package dev.sure4j.speech.tts.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link TextNormalizer} on hand-written cases. */
class TextNormalizerTest {

  @Test
  void lowerCasesCollapsesSpacesAndKeepsBasicPunctuation() {
    assertEquals(
        "hello, world! it's fine ok?",
        TextNormalizer.normalize("  Hello,   WORLD!\n It's \u201cfine\u201d \u2014 ok?  "));
  }

  @Test
  void keepsLettersWithAccentsAndDigitsAndDropsSymbols() {
    assertEquals(
        "café no. 5 (a-b): x; \"y\"", TextNormalizer.normalize("Café No. 5 (a-b): x; \"y\" #@"));
  }

  @Test
  void compatibilityFormsAreFolded() {
    // NFKC: the ligature fi and full-width letters become plain letters
    assertEquals("fine ab", TextNormalizer.normalize("\ufb01ne \uff21\uff22"));
  }

  @Test
  void emptyAndIdempotent() {
    assertEquals("", TextNormalizer.normalize(" \t\n "));
    String once = TextNormalizer.normalize(" A  b...  C ");
    assertEquals("a b... c", once);
    assertEquals(once, TextNormalizer.normalize(once));
  }
}
