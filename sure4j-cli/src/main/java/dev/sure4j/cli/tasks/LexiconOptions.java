package dev.sure4j.cli.tasks;

import dev.sure4j.speech.phonemes.CmuDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The phoneme-recognition options of {@code train}, {@code evaluate} and {@code quickstart} (a
 * picocli mixin): the CMUdict-format lexicon that turns word transcripts into phones, whether
 * vowels keep their stress digits, and whether an utterance with a word missing from the lexicon is
 * left out.
 */
public final class LexiconOptions {

  /** The file a manifest directory may hold as its task's lexicon. */
  public static final String DEFAULT_FILE = "lexicon.txt";

  @Option(
      names = "--lexicon",
      description =
          "Phoneme recognition (--task pr): a CMUdict-format lexicon, e.g. cmudict-0.7b (default:"
              + " lexicon.txt in the task's manifest directory).")
  Path lexicon;

  @Option(
      names = "--keep-stress",
      description =
          "Phoneme recognition: keep the vowels' stress digits (SURE's stressed phones) instead of"
              + " the 39 ARPAbet phones (SUPERB).")
  boolean keepStress;

  @Option(
      names = "--skip-unknown-words",
      description =
          "Phoneme recognition: leave out utterances with a word missing from the lexicon"
              + " instead of stopping at the first one.")
  boolean skipUnknownWords;

  /**
   * Reads the lexicon: {@code --lexicon}, else {@code lexicon.txt} in the manifest directory.
   *
   * @param manifestDir the task's manifest directory, or null for a corpus in its own layout
   * @return the lexicon
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when no lexicon is given or found, or it is malformed
   */
  CmuDict read(Path manifestDir) throws IOException {
    Path file = lexicon;
    if (file == null
        && manifestDir != null
        && Files.isRegularFile(manifestDir.resolve(DEFAULT_FILE))) {
      file = manifestDir.resolve(DEFAULT_FILE);
    }
    if (file == null) {
      throw new IllegalArgumentException(
          "phoneme recognition needs a pronunciation lexicon: pass --lexicon FILE (CMUdict format,"
              + " e.g. cmudict-0.7b)"
              + (manifestDir == null ? "" : " or put " + DEFAULT_FILE + " in " + manifestDir));
    }
    return CmuDict.read(file, keepStress);
  }

  /**
   * Says whether utterances with unknown words are left out.
   *
   * @return the {@code --skip-unknown-words} value
   */
  boolean skipUnknownWords() {
    return skipUnknownWords;
  }
}
