package dev.sure4j.speech.corpora;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads LibriTTS (or any corpus in its layout) for text to speech ({@code tts}).
 *
 * <p>Layout: {@code <root>/<speaker>/<chapter>/<id>.wav} with the text of each utterance in {@code
 * <id>.normalized.txt} beside it; the root is one subset folder such as {@code train-clean-100}. A
 * wav without its text file is left out and counted as missing. Fields: {@code transcript} (the
 * normalised text), {@code speaker}, {@code chapter}, {@code id}.
 *
 * <p>Split rule, per speaker ({@link TtsSplits}): the speaker's utterances in chapter and file name
 * order, the last 5 % test, the 5 % before them validation, the rest train.
 */
public final class LibriTtsReader extends AbstractCorpusReader {

  private static final String TEXT = ".normalized.txt";
  private static final String LAYOUT =
      "<root>/<speaker>/<chapter>/<id>.wav with <id>.normalized.txt beside each wav";

  private LibriTtsReader() {
    super("libritts", ImmutableSet.of("tts"), LAYOUT);
  }

  /**
   * Returns the reader.
   *
   * @return the reader
   */
  public static LibriTtsReader standard() {
    return new LibriTtsReader();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    for (Path speakerDir : Layouts.subdirectories(root)) {
      String speaker = speakerDir.getFileName().toString();
      List<Path> audio = new ArrayList<>();
      List<Map<String, String>> fields = new ArrayList<>();
      for (Path chapter : Layouts.subdirectories(speakerDir)) {
        for (Path wav : Layouts.files(chapter, ".wav")) {
          String id = Layouts.stem(wav);
          Path text = chapter.resolve(id + TEXT);
          if (!Files.isRegularFile(text)) {
            out.countMissing();
            continue;
          }
          Map<String, String> f = new LinkedHashMap<>();
          f.put("transcript", Files.readString(text, StandardCharsets.UTF_8).strip());
          f.put("speaker", speaker);
          f.put("chapter", chapter.getFileName().toString());
          f.put("id", id);
          audio.add(wav);
          fields.add(f);
        }
      }
      for (int i = 0; i < audio.size(); i++) {
        out.addFound(TtsSplits.of(i, audio.size()), audio.get(i), fields.get(i));
      }
    }
  }
}
