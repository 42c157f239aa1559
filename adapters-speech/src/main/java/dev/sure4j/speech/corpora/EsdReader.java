package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.sure4j.adapters.io.JsonInput;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Emotional Speech Dataset (ESD; Zhou et al., ICASSP 2021) for emotion recognition
 * ({@code ser}, {@code label} = emotion) and speaker identification ({@code sid}, {@code label} =
 * speaker).
 *
 * <p>Layout: {@code <root>/<speaker>/<Emotion>/<split>/<speaker>_<nnnnnn>.wav} with split folders
 * {@code train}, {@code evaluation} (validation) and {@code test}, or the same without split
 * folders ({@code <root>/<speaker>/<Emotion>/<speaker>_<nnnnnn>.wav}); the root may also be the
 * folder that holds {@code Emotion Speech Dataset/}. Emotions: {@code Angry}, {@code Happy}, {@code
 * Neutral}, {@code Sad}, {@code Surprise} (folder names matched ignoring case). Without split
 * folders ESD's own split is rebuilt from the utterance number: each emotion holds 350 consecutive
 * numbers, and within them the 1st to 20th utterance are evaluation, the 21st to 50th test and the
 * 51st to 350th train ({@code p = (n - 1) mod 350 + 1}), which is how the released split folders
 * are filled.
 *
 * <p>The per-speaker transcript file {@code <speaker>/<speaker>.txt} (tab-separated id, text,
 * emotion; UTF-8, UTF-16 or GBK) is optional; when present its text becomes the {@code transcript}
 * field. Fields: {@code label}, {@code speaker}, {@code emotion} and, when known, {@code
 * transcript}. By default only the English speakers 0011 to 0020 are read, as SURE does (15,000 /
 * 1,000 / 1,500 utterances).
 */
public final class EsdReader extends AbstractCorpusReader {

  /** The English speakers, 0011 to 0020: the SURE selection. */
  public static final List<String> ENGLISH_SPEAKERS =
      ImmutableList.of(
          "0011", "0012", "0013", "0014", "0015", "0016", "0017", "0018", "0019", "0020");

  /** The five emotion folders and labels. */
  public static final List<String> EMOTIONS =
      ImmutableList.of("Angry", "Happy", "Neutral", "Sad", "Surprise");

  /** Utterance numbers per emotion and speaker. */
  static final int PER_EMOTION = 350;

  private static final String NAME = "esd";
  private static final Set<String> TASKS = ImmutableSet.of("ser", "sid");
  private static final String LAYOUT =
      "<root>/<speaker 0011..0020>/<Angry|Happy|Neutral|Sad|Surprise>/[train|evaluation|test/]"
          + "<speaker>_<nnnnnn>.wav, plus optional <root>/<speaker>/<speaker>.txt";
  private static final List<String> SPLIT_DIRS = ImmutableList.of("train", "evaluation", "test");
  private static final Pattern FILE = Pattern.compile("(\\d+)_(\\d{6})\\.wav");

  private final List<String> speakers;
  private final boolean transcripts;

  private EsdReader(Builder b) {
    super(NAME, TASKS, LAYOUT);
    this.speakers = b.speakers;
    this.transcripts = b.transcripts;
  }

  /**
   * Returns a reader with the SURE settings: English speakers 0011 to 0020, transcripts read.
   *
   * @return the reader
   */
  public static EsdReader standard() {
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

  /**
   * Returns the speakers this reader reads.
   *
   * @return speaker folder names, in reading order
   */
  public List<String> speakers() {
    return speakers;
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    Path base = speakerRoot(root);
    for (String speaker : speakers) {
      Path dir = requireDirectory(base.resolve(speaker), "speaker folder");
      Map<String, String> texts =
          transcripts ? readTranscripts(dir.resolve(speaker + ".txt")) : Map.of();
      for (String emotion : EMOTIONS) {
        Path emotionDir = emotionDir(dir, emotion);
        boolean splitFolders =
            SPLIT_DIRS.stream().anyMatch(s -> Files.isDirectory(emotionDir.resolve(s)));
        if (splitFolders) {
          for (String s : SPLIT_DIRS) {
            Path splitDir = requireDirectory(emotionDir.resolve(s), "split folder");
            Split split =
                "train".equals(s) ? Split.TRAIN : "test".equals(s) ? Split.TEST : Split.VAL;
            for (Path wav : Layouts.files(splitDir, ".wav")) {
              out.addFound(
                  split, wav, fields(task, speaker, emotion, texts.get(Layouts.stem(wav))));
            }
          }
        } else {
          for (Path wav : Layouts.files(emotionDir, ".wav")) {
            out.addFound(
                splitOf(wav), wav, fields(task, speaker, emotion, texts.get(Layouts.stem(wav))));
          }
        }
      }
    }
  }

  /** The split of a file in the layout without split folders, from its utterance number. */
  static Split splitOf(Path wav) {
    Matcher m = FILE.matcher(wav.getFileName().toString());
    checkArgument(
        m.matches() && Integer.parseInt(m.group(2)) > 0,
        "%s: cannot tell the split of %s: without train/evaluation/test folders the file name must"
            + " be <speaker>_<nnnnnn>.wav with nnnnnn >= 1; expected layout: %s",
        NAME,
        wav,
        LAYOUT);
    int position = (Integer.parseInt(m.group(2)) - 1) % PER_EMOTION + 1;
    return position <= 20 ? Split.VAL : position <= 50 ? Split.TEST : Split.TRAIN;
  }

  private static Map<String, String> fields(
      String task, String speaker, String emotion, String transcript) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("label", "ser".equals(task) ? emotion : speaker);
    f.put("speaker", speaker);
    f.put("emotion", emotion);
    if (transcript != null) {
      f.put("transcript", transcript);
    }
    return f;
  }

  /** The root itself, or its {@code Emotion Speech Dataset} folder as unpacked from the archive. */
  private Path speakerRoot(Path root) {
    Path nested = root.resolve("Emotion Speech Dataset");
    if (!Files.isDirectory(root.resolve(speakers.get(0))) && Files.isDirectory(nested)) {
      return nested;
    }
    return root;
  }

  private Path emotionDir(Path speakerDir, String emotion) throws IOException {
    for (Path d : Layouts.subdirectories(speakerDir)) {
      if (d.getFileName().toString().equalsIgnoreCase(emotion)) {
        return d;
      }
    }
    return requireDirectory(speakerDir.resolve(emotion), "emotion folder");
  }

  /** Reads {@code <speaker>.txt}: utterance id to text; empty when the file does not exist. */
  static Map<String, String> readTranscripts(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    String text = decode(Files.readAllBytes(file));
    String[] lines = text.split("\r\n|\n|\r", -1);
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replace("\uFEFF", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\t");
      checkArgument(
          parts.length >= 2 && !parts[0].isBlank(),
          "%s line %s: expected '<id><TAB><text><TAB><emotion>', got '%s' (turn transcripts off"
              + " with EsdReader.builder().optTranscripts(false) to read audio only)",
          file,
          i + 1,
          line);
      out.put(parts[0].strip(), parts[1].strip());
    }
    return out;
  }

  /** Decodes a transcript file: BOM-marked UTF-8/UTF-16, BOM-less UTF-16, UTF-8, else GBK. */
  static String decode(byte[] bytes) {
    int n = bytes.length;
    if (n >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      return new String(bytes, 2, n - 2, StandardCharsets.UTF_16LE);
    }
    if (n >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      return new String(bytes, 2, n - 2, StandardCharsets.UTF_16BE);
    }
    if (n >= 2 && (bytes[0] == 0 || bytes[1] == 0)) {
      return new String(
          bytes, bytes[0] == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
    }
    try {
      return JsonInput.strictUtf8(bytes);
    } catch (CharacterCodingException e) {
      return new String(bytes, Charset.forName("GBK"));
    }
  }

  /** Builds an {@link EsdReader}. */
  public static final class Builder {
    private List<String> speakers = ENGLISH_SPEAKERS;
    private boolean transcripts = true;

    private Builder() {}

    /**
     * Sets the speakers to read (default: the English speakers 0011 to 0020).
     *
     * @param speakers speaker folder names such as {@code 0001}; not empty
     * @return this builder
     */
    public Builder optSpeakers(List<String> speakers) {
      this.speakers = ImmutableList.copyOf(speakers);
      return this;
    }

    /**
     * Sets whether the per-speaker transcript files are read into the {@code transcript} field
     * (default true).
     *
     * @param transcripts false to read audio and labels only
     * @return this builder
     */
    public Builder optTranscripts(boolean transcripts) {
      this.transcripts = transcripts;
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     * @throws IllegalArgumentException when no speaker is given or a name is blank
     */
    public EsdReader build() {
      checkArgument(!speakers.isEmpty(), "%s: at least one speaker is needed", NAME);
      for (String s : speakers) {
        checkArgument(!s.isBlank() && !s.contains("/"), "%s: bad speaker name '%s'", NAME, s);
      }
      return new EsdReader(this);
    }
  }
}
