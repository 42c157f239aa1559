package dev.sure4j.examples.tasks;

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
import java.util.List;
import java.util.Locale;

/**
 * Turns a task's transcripts into what its CTC head learns: phones for phoneme recognition ({@code
 * pr}, through a lexicon), inline slot tags for slot filling ({@code sf}, from SLURP, inline-tag or
 * IOB transcripts); other tasks are left as they are.
 */
final class TaskTargets {

  private TaskTargets() {}

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
   * Converts every split's transcripts to the targets of a vocabulary kind.
   *
   * @param kind tokens: words to phones through the lexicon; characters with slot tags: tagged
   *     transcripts to inline tags; characters: unchanged
   * @param data the splits as read
   * @param manifestDir the manifest directory (where a {@code lexicon.txt} may be), or null
   * @param lexicon the lexicon options
   * @param console where the conversion is reported
   * @return the converted splits, or {@code data} for a task that needs no conversion
   * @throws IOException when the lexicon cannot be read
   * @throws IllegalArgumentException for an unknown word (unless skipped) or a malformed slot,
   *     naming the file and line
   */
  static TaskData prepare(
      Vocabulary.Kind kind,
      TaskData data,
      Path manifestDir,
      LexiconOptions lexicon,
      PrintStream console)
      throws IOException {
    switch (kind) {
      case TOKENS -> {
        CmuDict dict = lexicon.read(manifestDir);
        boolean skip = lexicon.skipUnknownWords();
        PhonemeTranscripts.Result train = PhonemeTranscripts.convert(data.train(), dict, skip);
        PhonemeTranscripts.Result val = PhonemeTranscripts.convert(data.val(), dict, skip);
        PhonemeTranscripts.Result test = PhonemeTranscripts.convert(data.test(), dict, skip);
        int skipped = train.skipped().size() + val.skipped().size() + test.skipped().size();
        console.printf(
            Locale.ROOT,
            "phonemes: transcripts through the lexicon %s%s%n",
            dict,
            skipped > 0 ? skippedNote(train, val, test) : "");
        return new TaskData(train.entries(), val.entries(), test.entries(), data.missing());
      }
      case CHARACTER_SLOTS -> {
        return new TaskData(
            SlotTranscripts.convert(data.train()),
            SlotTranscripts.convert(data.val()),
            SlotTranscripts.convert(data.test()),
            data.missing());
      }
      default -> {
        return data;
      }
    }
  }

  private static String skippedNote(PhonemeTranscripts.Result... splits) {
    int[] n = new int[splits.length];
    ManifestEntry first = null;
    for (int i = 0; i < splits.length; i++) {
      List<ManifestEntry> s = splits[i].skipped();
      n[i] = s.size();
      if (first == null && !s.isEmpty()) {
        first = s.get(0);
      }
    }
    return String.format(
        Locale.ROOT,
        "; left out %d/%d/%d train/val/test utterances with unknown words (first: %s, line %d)",
        n[0],
        n[1],
        n[2],
        first.audio(),
        first.line());
  }
}
