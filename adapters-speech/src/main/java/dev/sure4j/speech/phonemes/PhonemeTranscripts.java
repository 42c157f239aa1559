package dev.sure4j.speech.phonemes;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.sure4j.speech.data.ManifestEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns word transcripts into phone transcripts through a lexicon: the {@code transcript} column of
 * each entry becomes its phones separated by spaces ({@code "hello world"} becomes {@code "HH AH L
 * OW W ER L D"}), and the words move to the column {@code words}. A word missing from the lexicon
 * is an error naming the word, the entry's audio file and manifest line, or, with {@code
 * skipUnknown}, leaves the utterance out.
 */
public final class PhonemeTranscripts {

  /** The column of a transcript, words before and phones after the conversion. */
  public static final String TRANSCRIPT = "transcript";

  /** The column the words move to. */
  public static final String WORDS = "words";

  private PhonemeTranscripts() {}

  /**
   * The converted entries of one split.
   *
   * @param entries the entries with phone transcripts, in input order
   * @param skipped the entries left out for a word missing from the lexicon
   */
  public record Result(List<ManifestEntry> entries, List<ManifestEntry> skipped) {

    /** Copies the lists. */
    public Result {
      entries = ImmutableList.copyOf(entries);
      skipped = ImmutableList.copyOf(skipped);
    }
  }

  /**
   * Converts entries.
   *
   * @param entries entries with a {@code transcript} column of words
   * @param lexicon the pronunciations
   * @param skipUnknown whether an utterance with an unknown word is left out instead of failing
   * @return the converted entries and the skipped ones
   * @throws IllegalArgumentException for an unknown word when {@code skipUnknown} is false (the
   *     message names the word, the audio file, the manifest line and the lexicon), or an entry
   *     without a {@code transcript} column
   */
  public static Result convert(List<ManifestEntry> entries, CmuDict lexicon, boolean skipUnknown) {
    List<ManifestEntry> out = new ArrayList<>(entries.size());
    List<ManifestEntry> skipped = new ArrayList<>();
    for (ManifestEntry e : entries) {
      String words = e.get(TRANSCRIPT);
      Optional<String> unknown = lexicon.firstUnknownWord(words);
      if (unknown.isPresent()) {
        checkArgument(
            skipUnknown,
            "%s (manifest line %s): word '%s' is not in the lexicon %s; use a lexicon that has"
                + " it, or skip such utterances",
            e.audio(),
            e.line(),
            unknown.get(),
            lexicon);
        skipped.add(e);
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>(e.fields());
      fields.put(WORDS, words);
      fields.put(TRANSCRIPT, String.join(" ", lexicon.phones(words)));
      out.add(new ManifestEntry(e.audio(), fields, e.line()));
    }
    return new Result(out, skipped);
  }
}
