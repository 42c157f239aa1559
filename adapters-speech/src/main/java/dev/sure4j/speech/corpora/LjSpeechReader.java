package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads LJSpeech for text to speech ({@code tts}).
 *
 * <p>Layout: {@code <root>/metadata.csv} with lines {@code id|text|normalized_text} (UTF-8, no
 * header) and the audio in {@code <root>/wavs/<id>.wav}. Fields: {@code transcript} (the normalised
 * text, or the text when that column is empty or absent), {@code speaker} ({@code lj}), {@code id};
 * the line is the line of {@code metadata.csv}.
 *
 * <p>Split rule ({@link TtsSplits}): in file order, with {@code h = floor(n / 20)}, the last {@code
 * h} utterances are test, the {@code h} before them validation, the rest train.
 */
public final class LjSpeechReader extends AbstractCorpusReader {

  /** The speaker name LJSpeech's entries get. */
  public static final String SPEAKER = "lj";

  private static final String LAYOUT =
      "<root>/metadata.csv (id|text|normalized_text) with <root>/wavs/<id>.wav";

  private LjSpeechReader() {
    super("ljspeech", ImmutableSet.of("tts"), LAYOUT);
  }

  /**
   * Returns the reader.
   *
   * @return the reader
   */
  public static LjSpeechReader standard() {
    return new LjSpeechReader();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    Path metadata = requireFile(root.resolve("metadata.csv"), "metadata.csv");
    Path wavs = root.resolve("wavs");
    List<Path> audio = new ArrayList<>();
    List<Map<String, String>> fields = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    forEachLine(
        metadata,
        (line, number) -> {
          String[] cols = line.split("\\|", -1);
          checkArgument(
              cols.length >= 2 && !cols[0].isBlank(),
              "ljspeech: %s line %s: expected id|text|normalized_text, got '%s'",
              metadata,
              number,
              line);
          String text = cols.length > 2 && !cols[2].isBlank() ? cols[2] : cols[1];
          Map<String, String> f = new LinkedHashMap<>();
          f.put("transcript", text.strip());
          f.put("speaker", SPEAKER);
          f.put("id", cols[0].strip());
          audio.add(wavs.resolve(cols[0].strip() + ".wav"));
          fields.add(f);
          lines.add(number);
        });
    for (int i = 0; i < audio.size(); i++) {
      out.addListed(TtsSplits.of(i, audio.size()), audio.get(i), fields.get(i), lines.get(i));
    }
  }
}
