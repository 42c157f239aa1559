package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads LibriSpeech for speech recognition ({@code asr}) and phoneme recognition ({@code pr}: the
 * same word transcripts, which a lexicon turns into phones, {@link
 * dev.sure4j.speech.phonemes.PhonemeTranscripts}).
 *
 * <p>Layout: {@code <root>/LibriSpeech/<subset>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac}
 * with one {@code <speaker>-<chapter>.trans.txt} per chapter folder (lines {@code
 * <speaker>-<chapter>-<utt> TRANSCRIPT}); the root may also be the {@code LibriSpeech} folder
 * itself. Train is {@code train-clean-100} (configurable: any list of subsets), validation {@code
 * dev-clean}, test {@code test-clean}, as in SURE. Entries follow the transcript files (speakers
 * and chapters in name order); a transcript line whose audio file does not exist is counted as
 * missing. Fields: {@code transcript} (lower-cased, apostrophes kept), {@code speaker}, {@code
 * chapter}; the line is the line of the transcript file.
 */
public final class LibriSpeechReader extends AbstractCorpusReader {

  private static final String NAME = "librispeech";
  private static final Set<String> TASKS = ImmutableSet.of("asr", "pr");
  private static final String LAYOUT =
      "<root>/LibriSpeech/<subset>/<speaker>/<chapter>/<speaker>-<chapter>-<utt>.flac with"
          + " <speaker>-<chapter>.trans.txt per chapter (or <root> = the LibriSpeech folder)";

  private final List<String> trainSubsets;
  private final String valSubset;
  private final String testSubset;

  private LibriSpeechReader(Builder b) {
    super(NAME, TASKS, LAYOUT);
    this.trainSubsets = b.trainSubsets;
    this.valSubset = b.valSubset;
    this.testSubset = b.testSubset;
  }

  /**
   * Returns a reader with the SURE subsets: train-clean-100, dev-clean, test-clean.
   *
   * @return the reader
   */
  public static LibriSpeechReader standard() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a builder with the SURE subsets
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    Path base = Files.isDirectory(root.resolve("LibriSpeech")) ? root.resolve("LibriSpeech") : root;
    for (String subset :
        ImmutableList.<String>builder().addAll(trainSubsets).add(valSubset, testSubset).build()) {
      checkArgument(
          Files.isDirectory(base.resolve(subset)),
          "%s: subset folder not found: %s (subsets present: %s); expected layout: %s",
          NAME,
          base.resolve(subset),
          Layouts.subdirectories(base).stream()
              .map(p -> p.getFileName().toString())
              .collect(Collectors.toList()),
          LAYOUT);
    }
    for (String subset : trainSubsets) {
      readSubset(base.resolve(subset), Split.TRAIN, out);
    }
    readSubset(base.resolve(valSubset), Split.VAL, out);
    readSubset(base.resolve(testSubset), Split.TEST, out);
  }

  private void readSubset(Path subset, Split split, SplitsBuilder out) throws IOException {
    for (Path speaker : Layouts.subdirectories(subset)) {
      for (Path chapter : Layouts.subdirectories(speaker)) {
        String prefix = speaker.getFileName() + "-" + chapter.getFileName();
        Path trans = requireFile(chapter.resolve(prefix + ".trans.txt"), "transcript file");
        forEachLine(
            trans,
            (raw, number) -> {
              String line = raw.strip();
              int space = line.indexOf(' ');
              String id = space < 0 ? line : line.substring(0, space);
              checkArgument(
                  space > 0 && id.startsWith(prefix + "-") && id.length() > prefix.length() + 1,
                  "%s line %s: expected '%s-<utt> TRANSCRIPT', got '%s'",
                  trans,
                  number,
                  prefix,
                  line);
              Map<String, String> f = new LinkedHashMap<>();
              f.put("transcript", line.substring(space + 1).strip().toLowerCase(Locale.ROOT));
              f.put("speaker", speaker.getFileName().toString());
              f.put("chapter", chapter.getFileName().toString());
              out.addListed(split, chapter.resolve(id + ".flac"), f, number);
            });
      }
    }
  }

  /** Builds a {@link LibriSpeechReader}. */
  public static final class Builder {
    private List<String> trainSubsets = ImmutableList.of("train-clean-100");
    private String valSubset = "dev-clean";
    private String testSubset = "test-clean";

    private Builder() {}

    /**
     * Sets the training subsets (default {@code [train-clean-100]}).
     *
     * @param subsets subset folder names, for example {@code train-clean-360}; not empty
     * @return this builder
     */
    public Builder optTrainSubsets(List<String> subsets) {
      this.trainSubsets = ImmutableList.copyOf(subsets);
      return this;
    }

    /**
     * Sets the validation subset (default {@code dev-clean}).
     *
     * @param subset a subset folder name
     * @return this builder
     */
    public Builder optValSubset(String subset) {
      this.valSubset = subset;
      return this;
    }

    /**
     * Sets the test subset (default {@code test-clean}).
     *
     * @param subset a subset folder name
     * @return this builder
     */
    public Builder optTestSubset(String subset) {
      this.testSubset = subset;
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     * @throws IllegalArgumentException when no training subset is given or a name is blank
     */
    public LibriSpeechReader build() {
      checkArgument(!trainSubsets.isEmpty(), "%s: at least one training subset is needed", NAME);
      List<String> all = new ArrayList<>(trainSubsets);
      all.add(valSubset);
      all.add(testSubset);
      for (String s : all) {
        checkArgument(s != null && !s.isBlank(), "%s: missing or blank subset name", NAME);
      }
      return new LibriSpeechReader(this);
    }
  }
}
