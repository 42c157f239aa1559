package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Whisper's basic normalisation on hand-written cases (openai-whisper's BasicTextNormalizer). */
class BasicTextNormalizerTest {

  @Test
  void lowercasesDropsPunctuationAndBracketsAndFoldsSpaces() {
    assertEquals("hello world", BasicTextNormalizer.normalize("  Hello,   World! (laughs)"));
    assertEquals("it s 42 ok", BasicTextNormalizer.normalize("It's 42 [noise] <unk> OK."));
    assertEquals("a b", BasicTextNormalizer.normalize("a\t-\nb"));
    assertEquals("", BasicTextNormalizer.normalize("?!"));
  }
}
