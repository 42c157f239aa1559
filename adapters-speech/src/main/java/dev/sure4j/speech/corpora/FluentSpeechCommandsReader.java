package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.sure4j.speech.data.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Fluent Speech Commands for intent classification ({@code ic}) and speech recognition
 * ({@code asr}).
 *
 * <p>Layout: {@code <root>/data/train_data.csv}, {@code valid_data.csv} and {@code test_data.csv}
 * with the header {@code ,path,speakerId,transcription,action,object,location} (the first, unnamed
 * column is the row index and is ignored; columns are found by name), and audio at the CSV's {@code
 * path} relative to {@code <root>} ({@code wavs/speakers/<speakerId>/<uuid>.wav}).
 *
 * <p>Fields for {@code ic}: {@code action}, {@code object}, {@code location}, {@code transcript}
 * (as written) and {@code speaker}. For {@code asr}: {@code transcript} (lower-cased, punctuation
 * kept) and {@code speaker}.
 */
public final class FluentSpeechCommandsReader extends AbstractCorpusReader {

  private static final String NAME = "fsc";
  private static final Set<String> TASKS = ImmutableSet.of("ic", "asr");
  private static final String LAYOUT =
      "<root>/data/{train,valid,test}_data.csv with columns"
          + " (index),path,speakerId,transcription,action,object,location; audio paths relative to"
          + " <root>";
  private static final List<String> COLUMNS =
      ImmutableList.of("path", "speakerId", "transcription", "action", "object", "location");

  private FluentSpeechCommandsReader() {
    super(NAME, TASKS, LAYOUT);
  }

  /**
   * Returns the reader.
   *
   * @return the reader
   */
  public static FluentSpeechCommandsReader standard() {
    return new FluentSpeechCommandsReader();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    Path data = root.resolve("data");
    Path train = requireFile(data.resolve("train_data.csv"), "train CSV");
    Path val = requireFile(data.resolve("valid_data.csv"), "validation CSV");
    Path test = requireFile(data.resolve("test_data.csv"), "test CSV");
    readCsv(root, train, Split.TRAIN, task, out);
    readCsv(root, val, Split.VAL, task, out);
    readCsv(root, test, Split.TEST, task, out);
  }

  private static void readCsv(Path root, Path csv, Split split, String task, SplitsBuilder out)
      throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    checkArgument(!lines.isEmpty(), "%s is empty; expected layout: %s", csv, LAYOUT);
    List<String> header = Manifest.split(csv, 1, lines.get(0), true);
    int[] at = new int[COLUMNS.size()];
    for (int c = 0; c < at.length; c++) {
      at[c] = header.indexOf(COLUMNS.get(c));
      checkArgument(
          at[c] >= 0,
          "%s line 1: no '%s' column; header: %s; expected layout: %s",
          csv,
          COLUMNS.get(c),
          header,
          LAYOUT);
    }
    forEachLine(
        lines,
        1,
        (line, number) -> {
          List<String> v = Manifest.split(csv, number, line, true);
          checkArgument(
              v.size() == header.size(),
              "%s line %s has %s columns, the header has %s (%s)",
              csv,
              number,
              v.size(),
              header.size(),
              header);
          String path = v.get(at[0]);
          checkArgument(!path.isBlank(), "%s line %s has an empty path", csv, number);
          String transcript = v.get(at[2]);
          Map<String, String> f = new LinkedHashMap<>();
          if ("ic".equals(task)) {
            f.put("action", v.get(at[3]));
            f.put("object", v.get(at[4]));
            f.put("location", v.get(at[5]));
            f.put("transcript", transcript);
          } else {
            f.put("transcript", transcript.toLowerCase(Locale.ROOT));
          }
          f.put("speaker", v.get(at[1]));
          out.addListed(split, root.resolve(path).normalize(), f, number);
        });
  }
}
