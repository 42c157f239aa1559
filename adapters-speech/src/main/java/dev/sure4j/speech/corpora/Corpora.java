package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The known corpus readers, with their SURE settings, and the {@code name:path} spec form used on
 * the command line ({@code --data esd:/data/ESD}).
 *
 * <p>Corpora: {@code esd} ({@link EsdReader}), {@code speechcommands} ({@link
 * SpeechCommandsReader}), {@code fsc} ({@link FluentSpeechCommandsReader}), {@code librispeech}
 * ({@link LibriSpeechReader}), {@code fleurs} ({@link FleursReader}), {@code vctk} ({@link
 * VctkReader}). Other settings are made by building a reader directly.
 */
public final class Corpora {

  private static final List<CorpusReader> ALL =
      ImmutableList.of(
          EsdReader.standard(),
          SpeechCommandsReader.standard(),
          FluentSpeechCommandsReader.standard(),
          LibriSpeechReader.standard(),
          FleursReader.standard(),
          VctkReader.standard(),
          LjSpeechReader.standard(),
          LibriTtsReader.standard());

  private Corpora() {}

  /**
   * Reads a corpus given as {@code name:path}, for example {@code esd:/data/ESD}.
   *
   * @param spec the corpus name, a colon, and the corpus root directory
   * @param task a task the corpus supports, for example {@code ser}, or an alias of it ({@link
   *     TaskNames}), for example {@code emotion}
   * @return the three splits
   * @throws IOException when the corpus cannot be read
   * @throws IllegalArgumentException for a malformed spec, an unknown corpus (the message lists the
   *     known ones), an unsupported task (the message lists the corpus' tasks) or a corpus that
   *     does not have the expected layout
   */
  public static CorpusSplits read(String spec, String task) throws IOException {
    checkArgument(
        spec != null, "no corpus spec given; expected name:path, for example esd:/data/ESD");
    int colon = spec.indexOf(':');
    checkArgument(
        colon > 0 && colon < spec.length() - 1,
        "corpus spec must be name:path, for example esd:/data/ESD; got '%s' (known corpora: %s)",
        spec,
        names());
    CorpusReader reader = reader(spec.substring(0, colon).strip());
    String sureTask = TaskNames.forCorpus(task);
    Layouts.requireTask(reader, sureTask);
    return reader.read(Path.of(spec.substring(colon + 1)), sureTask);
  }

  /**
   * Returns the reader of a corpus, with its SURE settings.
   *
   * @param name a corpus name, case-insensitive, for example {@code esd}
   * @return the reader
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   */
  public static CorpusReader reader(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    for (CorpusReader r : ALL) {
      if (r.name().equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown corpus '" + name + "'; known corpora: " + names());
  }

  /**
   * Returns every known reader, with its SURE settings.
   *
   * @return an immutable list, in the order of {@code docs/corpora.md}
   */
  public static List<CorpusReader> all() {
    return ALL;
  }

  private static List<String> names() {
    return ALL.stream().map(CorpusReader::name).collect(Collectors.toList());
  }
}
