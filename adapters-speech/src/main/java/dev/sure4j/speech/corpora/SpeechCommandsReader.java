package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Google Speech Commands v0.01 for keyword spotting ({@code ks}).
 *
 * <p>Layout: {@code <root>/<word>/<hash>_nohash_<n>.wav}, with {@code <root>/validation_list.txt}
 * and {@code <root>/testing_list.txt} (one {@code <word>/<file>.wav} per line). Validation and test
 * are the files in the two lists, in list order; train is every other {@code .wav} under a word
 * folder. Folders whose name starts with {@code _} ({@code _background_noise_}) are skipped.
 *
 * <p>Labels: the 11 SURE keywords ({@link #KEYWORDS}) keep their word as {@code label}. SURE uses
 * only those 11 classes, so by default the other words are left out (not counted as missing); with
 * {@link Builder#optUnknown(boolean)} they are kept with the label {@value #UNKNOWN}. No {@code
 * _silence_} class is made. Fields: {@code label}, {@code word} (the folder name) and {@code
 * speaker} (the hash before {@code _nohash_}).
 */
public final class SpeechCommandsReader extends AbstractCorpusReader {

  /** The SURE keywords, in the order of the reference code's label list. */
  public static final List<String> KEYWORDS =
      ImmutableList.of(
          "off", "up", "stop", "four", "no", "down", "left", "go", "yes", "on", "right");

  /** The label of a non-keyword word when unknown words are kept. */
  public static final String UNKNOWN = "_unknown_";

  private static final String NAME = "speechcommands";
  private static final Set<String> TASKS = ImmutableSet.of("ks");
  private static final String LAYOUT =
      "<root>/<word>/<hash>_nohash_<n>.wav, <root>/validation_list.txt, <root>/testing_list.txt"
          + " (Speech Commands v0.01)";

  private final Set<String> keywords;
  private final boolean unknown;

  private SpeechCommandsReader(Builder b) {
    super(NAME, TASKS, LAYOUT);
    this.keywords = b.keywords;
    this.unknown = b.unknown;
  }

  /**
   * Returns a reader with the SURE settings: the 11 keywords, other words left out.
   *
   * @return the reader
   */
  public static SpeechCommandsReader standard() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a builder with the SURE settings
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    Path valList = requireFile(root.resolve("validation_list.txt"), "validation list");
    Path testList = requireFile(root.resolve("testing_list.txt"), "testing list");
    Set<String> listed = new HashSet<>();
    readList(root, valList, Split.VAL, out, listed);
    readList(root, testList, Split.TEST, out, listed);
    for (Path wordDir : Layouts.subdirectories(root)) {
      String word = wordDir.getFileName().toString();
      if (word.startsWith("_") || label(word) == null) {
        continue;
      }
      for (Path wav : Layouts.files(wordDir, ".wav")) {
        String relative = word + "/" + wav.getFileName();
        if (!listed.contains(relative)) {
          out.addFound(Split.TRAIN, wav, fields(word, wav.getFileName().toString()));
        }
      }
    }
  }

  private void readList(Path root, Path list, Split split, SplitsBuilder out, Set<String> listed)
      throws IOException {
    forEachLine(
        list,
        (raw, number) -> {
          String line = raw.strip();
          int slash = line.indexOf('/');
          checkArgument(
              slash > 0 && slash == line.lastIndexOf('/') && slash < line.length() - 1,
              "%s line %s: expected '<word>/<file>.wav', got '%s'; expected layout: %s",
              list,
              number,
              line,
              LAYOUT);
          listed.add(line);
          String word = line.substring(0, slash);
          if (label(word) != null) {
            out.addListed(
                split, root.resolve(line), fields(word, line.substring(slash + 1)), number);
          }
        });
  }

  /** The label of a word folder, or null when the word is left out. */
  private String label(String word) {
    if (keywords.contains(word)) {
      return word;
    }
    return unknown ? UNKNOWN : null;
  }

  private Map<String, String> fields(String word, String fileName) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("label", label(word));
    f.put("word", word);
    int hash = fileName.indexOf("_nohash_");
    if (hash > 0) {
      f.put("speaker", fileName.substring(0, hash));
    }
    return f;
  }

  /** Builds a {@link SpeechCommandsReader}. */
  public static final class Builder {
    private Set<String> keywords = ImmutableSet.copyOf(KEYWORDS);
    private boolean unknown;

    private Builder() {}

    /**
     * Sets the keywords (default {@link #KEYWORDS}, the SURE 11).
     *
     * @param keywords word folder names; not empty
     * @return this builder
     */
    public Builder optKeywords(Set<String> keywords) {
      this.keywords = ImmutableSet.copyOf(keywords);
      return this;
    }

    /**
     * Sets whether words outside the keywords are kept with the label {@value #UNKNOWN} (default
     * false: left out, as in SURE).
     *
     * @param unknown true to keep them
     * @return this builder
     */
    public Builder optUnknown(boolean unknown) {
      this.unknown = unknown;
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     * @throws IllegalArgumentException when no keyword is given
     */
    public SpeechCommandsReader build() {
      checkArgument(!keywords.isEmpty(), "%s: at least one keyword is needed", NAME);
      return new SpeechCommandsReader(this);
    }
  }
}
