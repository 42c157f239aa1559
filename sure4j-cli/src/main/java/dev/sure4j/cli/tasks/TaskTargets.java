package dev.sure4j.cli.tasks;

import dev.sure4j.speech.corpora.TaskNames;
import dev.sure4j.speech.ctc.Vocabulary;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.phonemes.CmuDict;
import dev.sure4j.speech.phonemes.PhonemeTranscripts;
import dev.sure4j.speech.slots.SlotTranscripts;
import dev.sure4j.speech.tasks.TaskData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a task's transcripts into what its CTC head learns: phones for phoneme recognition ({@code
 * pr}, through a lexicon), inline slot tags for slot filling ({@code sf}, from SLURP, inline-tag or
 * IOB transcripts); character transcripts are left as they are.
 */
final class TaskTargets {

  private final Vocabulary.Kind kind;
  private final CmuDict lexicon;
  private final boolean skipUnknownWords;
  private final PrintStream console;

  private TaskTargets(
      Vocabulary.Kind kind, CmuDict lexicon, boolean skipUnknownWords, PrintStream console) {
    this.kind = kind;
    this.lexicon = lexicon;
    this.skipUnknownWords = skipUnknownWords;
    this.console = console;
  }

  /**
   * Returns the vocabulary kind a task's CTC head predicts.
   *
   * @param task the task name or an alias ({@link TaskNames})
   * @return tokens (phones) for {@code pr}, characters with slot tags for {@code sf}, else
   *     characters
   */
  static Vocabulary.Kind kind(String task) {
    return switch (TaskNames.sure(task).orElse("")) {
      case "pr" -> Vocabulary.Kind.TOKENS;
      case "sf" -> Vocabulary.Kind.CHARACTER_SLOTS;
      default -> Vocabulary.Kind.CHARACTERS;
    };
  }

  /**
   * Creates the conversion for a vocabulary kind; for tokens it reads the lexicon.
   *
   * @param kind tokens: words to phones through the lexicon; characters with slot tags: tagged
   *     transcripts to inline tags; characters: unchanged
   * @param manifestDir the manifest directory (where a {@code lexicon.txt} may be), or null
   * @param options the lexicon options
   * @param console where the conversion is reported
   * @return the conversion
   * @throws IOException when the lexicon cannot be read
   * @throws IllegalArgumentException when phonemes need a lexicon and none is given or found
   */
  static TaskTargets of(
      Vocabulary.Kind kind, Path manifestDir, LexiconOptions options, PrintStream console)
      throws IOException {
    CmuDict lexicon = kind == Vocabulary.Kind.TOKENS ? options.read(manifestDir) : null;
    if (lexicon != null) {
      console.printf(Locale.ROOT, "phonemes: transcripts through the lexicon %s%n", lexicon);
    }
    return new TaskTargets(kind, lexicon, options.skipUnknownWords(), console);
  }

  /**
   * Converts every split.
   *
   * @param data the splits as read
   * @return the converted splits
   * @throws IllegalArgumentException for an unknown word (unless skipped) or a malformed slot,
   *     naming the file and line
   */
  TaskData apply(TaskData data) {
    return new TaskData(
        apply(data.train(), "train"),
        apply(data.val(), "val"),
        apply(data.test(), "test"),
        data.missing());
  }

  /**
   * Converts one split.
   *
   * @param entries the split's entries
   * @param split the split's name, for the report of skipped utterances
   * @return the converted entries
   * @throws IllegalArgumentException for an unknown word (unless skipped) or a malformed slot,
   *     naming the file and line
   */
  List<ManifestEntry> apply(List<ManifestEntry> entries, String split) {
    return switch (kind) {
      case TOKENS -> {
        PhonemeTranscripts.Result r =
            PhonemeTranscripts.convert(entries, lexicon, skipUnknownWords);
        if (!r.skipped().isEmpty()) {
          ManifestEntry first = r.skipped().get(0);
          console.printf(
              Locale.ROOT,
              "phonemes: %s split: left out %d of %d utterances with words missing from the"
                  + " lexicon (first: %s, line %d)%n",
              split,
              r.skipped().size(),
              entries.size(),
              first.audio(),
              first.line());
        }
        yield r.entries();
      }
      case CHARACTER_SLOTS -> SlotTranscripts.convert(entries);
      case CHARACTERS -> new ArrayList<>(entries);
    };
  }
}
