package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Checks and listings shared by the corpus readers; messages name the expected layout. */
final class Layouts {
  private Layouts() {}

  /** Fails unless the reader supports the task. */
  static void requireTask(CorpusReader reader, String task) {
    checkArgument(task != null, "%s: no task given; its tasks: %s", reader.name(), reader.tasks());
    checkArgument(
        reader.tasks().contains(task),
        "corpus '%s' has no task '%s'; its tasks: %s",
        reader.name(),
        task,
        reader.tasks());
  }

  /** Fails unless {@code dir} is a directory. */
  static Path requireDirectory(String corpus, Path dir, String what, String layout) {
    checkArgument(
        Files.isDirectory(dir),
        "%s: %s not found: %s; expected layout: %s",
        corpus,
        what,
        dir,
        layout);
    return dir;
  }

  /** Fails unless {@code file} is a regular file. */
  static Path requireFile(String corpus, Path file, String what, String layout) {
    checkArgument(
        Files.isRegularFile(file),
        "%s: %s not found: %s; expected layout: %s",
        corpus,
        what,
        file,
        layout);
    return file;
  }

  /** The sub-directories of {@code dir}, sorted by name. */
  static List<Path> subdirectories(Path dir) throws IOException {
    return list(dir, Files::isDirectory);
  }

  /** The regular files of {@code dir} whose name ends with {@code suffix} (any case), sorted. */
  static List<Path> files(Path dir, String suffix) throws IOException {
    String lower = suffix.toLowerCase(Locale.ROOT);
    return list(
        dir,
        p ->
            Files.isRegularFile(p)
                && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(lower));
  }

  private static List<Path> list(Path dir, DirectoryStream.Filter<Path> filter) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, filter)) {
      s.forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  /** The file name without its last extension. */
  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
