package dev.sure4j.speech.corpora;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What every corpus reader shares: its name, tasks and expected layout, the checks made before
 * reading (a supported task, an existing root) and the {@link SplitsBuilder} that collects the
 * entries per split and counts listed files that do not exist. A reader only walks its own layout
 * in {@link #readInto}.
 */
abstract class AbstractCorpusReader implements CorpusReader {

  /** Takes one non-blank line of a list file. */
  @FunctionalInterface
  interface LineReader {
    /**
     * Reads one line.
     *
     * @param line the line as in the file, not stripped
     * @param number its 1-based line number
     * @throws IOException when reading fails
     */
    void read(String line, int number) throws IOException;
  }

  private final String name;
  private final Set<String> tasks;
  private final String layout;

  /**
   * Creates the shared part of a reader.
   *
   * @param name the corpus name, for example {@code esd}
   * @param tasks the supported tasks
   * @param layout the expected layout, quoted in every error message
   */
  AbstractCorpusReader(String name, Set<String> tasks, String layout) {
    this.name = name;
    this.tasks = ImmutableSet.copyOf(tasks);
    this.layout = layout;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<String> tasks() {
    return tasks;
  }

  @Override
  public final CorpusSplits read(Path root, String task) throws IOException {
    Layouts.requireTask(this, task);
    requireDirectory(root, "corpus root");
    SplitsBuilder out = new SplitsBuilder(name, task);
    readInto(root, task, out);
    return out.build();
  }

  /**
   * Walks the corpus and adds its entries.
   *
   * @param root the corpus root, an existing directory
   * @param task one of {@link #tasks()}
   * @param out collects the entries
   * @throws IOException when a directory or list file cannot be read
   */
  abstract void readInto(Path root, String task, SplitsBuilder out) throws IOException;

  /** Fails unless {@code dir} is a directory; the message names it as {@code what}. */
  final Path requireDirectory(Path dir, String what) {
    return Layouts.requireDirectory(name, dir, what, layout);
  }

  /** Fails unless {@code file} is a regular file; the message names it as {@code what}. */
  final Path requireFile(Path file, String what) {
    return Layouts.requireFile(name, file, what, layout);
  }

  /**
   * Reads a UTF-8 list file line by line, skipping blank lines.
   *
   * @param file the list file
   * @param reader takes each non-blank line with its 1-based number
   * @throws IOException when the file cannot be read
   */
  static void forEachLine(Path file, LineReader reader) throws IOException {
    forEachLine(Files.readAllLines(file, StandardCharsets.UTF_8), 0, reader);
  }

  /**
   * Walks the lines of a list file already read, skipping blank lines.
   *
   * @param lines the file's lines
   * @param skip how many leading lines to skip, such as a header
   * @param reader takes each non-blank line with its 1-based number
   * @throws IOException when the reader fails
   */
  static void forEachLine(List<String> lines, int skip, LineReader reader) throws IOException {
    for (int i = skip; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        reader.read(lines.get(i), i + 1);
      }
    }
  }
}
