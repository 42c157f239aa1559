package dev.sure4j.speech.tts.text;

/** The character front end: the symbols are the {@linkplain TextNormalizer normalised} text. */
public final class CharacterFrontEnd implements TextFrontEnd {

  /** Creates the front end. */
  public CharacterFrontEnd() {}

  @Override
  public String name() {
    return "characters";
  }

  @Override
  public String symbols(String text) {
    return TextNormalizer.normalize(text);
  }
}
