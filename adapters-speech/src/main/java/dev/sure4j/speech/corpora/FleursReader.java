package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one FLEURS language (SURE: {@code en_us}) for speech recognition ({@code asr}), in the
 * layout of Google's release as served by Hugging Face once the audio archives are unpacked.
 *
 * <p>Layout: {@code <root>/train.tsv}, {@code dev.tsv}, {@code test.tsv} and {@code
 * <root>/audio/{train,dev,test}/<file>.wav} ({@code <root>/audio/train/train/<file>.wav}, from
 * unpacking {@code train.tar.gz} into a folder of its own name, is accepted too). The TSV files
 * have no header; their columns are id, file name, raw transcription, normalized transcription, the
 * normalized transcription's characters, number of samples, gender. Validation is {@code dev}.
 * Fields: {@code transcript} (the normalized transcription), {@code raw_transcript}, {@code id}
 * (the sentence id, shared by the recordings of one sentence) and {@code gender} when present; the
 * line is the TSV line.
 */
public final class FleursReader extends AbstractCorpusReader {

  private static final String NAME = "fleurs";
  private static final Set<String> TASKS = ImmutableSet.of("asr");
  private static final String LAYOUT =
      "<root>/{train,dev,test}.tsv (no header: id, file name, raw transcription, normalized"
          + " transcription, characters, samples, gender) and <root>/audio/{train,dev,test}/<file>";

  private FleursReader() {
    super(NAME, TASKS, LAYOUT);
  }

  /**
   * Returns the reader.
   *
   * @return the reader
   */
  public static FleursReader standard() {
    return new FleursReader();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    for (String s : new String[] {"train", "dev", "test"}) {
      requireFile(root.resolve(s + ".tsv"), s + " list");
    }
    readTsv(root, "train", Split.TRAIN, out);
    readTsv(root, "dev", Split.VAL, out);
    readTsv(root, "test", Split.TEST, out);
  }

  private static void readTsv(Path root, String name, Split split, SplitsBuilder out)
      throws IOException {
    Path tsv = root.resolve(name + ".tsv");
    Path folder = root.resolve("audio").resolve(name);
    // the archive may have been unpacked into a folder named after itself
    Path audio = Files.isDirectory(folder.resolve(name)) ? folder.resolve(name) : folder;
    forEachLine(
        tsv,
        (line, number) -> {
          String[] v = line.split("\t", -1);
          checkArgument(
              v.length >= 4 && !v[1].isBlank(),
              "%s line %s: expected at least 4 tab-separated columns (id, file name, raw"
                  + " transcription, normalized transcription), got %s; expected layout: %s",
              tsv,
              number,
              v.length,
              LAYOUT);
          Map<String, String> f = new LinkedHashMap<>();
          f.put("transcript", v[3].strip());
          f.put("raw_transcript", v[2].strip());
          f.put("id", v[0].strip());
          if (v.length >= 7) {
            f.put("gender", v[6].strip());
          }
          out.addListed(split, audio.resolve(v[1].strip()), f, number);
        });
  }
}
