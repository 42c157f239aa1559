package dev.sure4j.speech.tts.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.ctc.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Text to token ids for a TTS model: a {@link TextFrontEnd} and a character {@link Vocabulary}
 * ({@code <pad>} id 0, {@code <unk>} id 1, {@code |} id 2 for the space, then the symbols seen,
 * sorted), saved as {@code vocab.json} with the project's atomic writer.
 *
 * @param frontEnd characters or phonemes
 * @param vocabulary the symbol vocabulary, of kind {@link Vocabulary.Kind#CHARACTERS}
 */
public record TextEncoder(TextFrontEnd frontEnd, Vocabulary vocabulary) {

  /** The vocabulary file name saved beside a model. */
  public static final String VOCAB_FILE = "vocab.json";

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the vocabulary is not of characters
   */
  public TextEncoder {
    Objects.requireNonNull(frontEnd, "frontEnd");
    checkArgument(
        vocabulary.kind() == Vocabulary.Kind.CHARACTERS,
        "a TTS vocabulary splits characters, got kind %s",
        vocabulary.kind());
  }

  /**
   * Builds the vocabulary from training texts.
   *
   * @param frontEnd the front end
   * @param texts the training texts
   * @return the encoder
   */
  public static TextEncoder fromTexts(TextFrontEnd frontEnd, Iterable<String> texts) {
    List<String> symbols = new ArrayList<>();
    for (String text : texts) {
      symbols.add(frontEnd.symbols(text));
    }
    return new TextEncoder(
        frontEnd, Vocabulary.fromTranscripts(symbols, Vocabulary.Kind.CHARACTERS, false));
  }

  /**
   * Encodes one text; symbols outside the vocabulary become {@code <unk>}.
   *
   * @param text any text
   * @return token ids {@code [symbols]}
   */
  public int[] encode(String text) {
    return vocabulary.encode(frontEnd.symbols(text));
  }

  /**
   * Writes {@value #VOCAB_FILE} into a model directory, atomically.
   *
   * @param dir the model directory (must exist)
   * @throws IOException when writing fails
   */
  public void save(Path dir) throws IOException {
    vocabulary.save(dir.resolve(VOCAB_FILE));
  }

  /**
   * Reads {@value #VOCAB_FILE} from a model directory.
   *
   * @param dir the model directory
   * @param frontEnd the front end the vocabulary was built with
   * @return the encoder
   * @throws IOException when the file is missing or malformed
   */
  public static TextEncoder load(Path dir, TextFrontEnd frontEnd) throws IOException {
    return new TextEncoder(
        frontEnd, Vocabulary.load(dir.resolve(VOCAB_FILE), Vocabulary.Kind.CHARACTERS));
  }
}
