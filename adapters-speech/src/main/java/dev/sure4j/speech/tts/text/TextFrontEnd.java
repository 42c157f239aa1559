package dev.sure4j.speech.tts.text;

/**
 * Turns text into the symbol string that a TTS vocabulary splits into one token per character (code
 * point), a space standing for a word boundary.
 */
public interface TextFrontEnd {

  /**
   * Returns the name saved beside a model ({@code characters} or {@code phonemes}).
   *
   * @return the name
   */
  String name();

  /**
   * Converts one text.
   *
   * @param text any text
   * @return the symbols, single spaces between words
   */
  String symbols(String text);
}
