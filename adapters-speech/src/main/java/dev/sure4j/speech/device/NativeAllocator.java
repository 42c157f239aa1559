package dev.sure4j.speech.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The C allocator libtorch's memory comes from in this JVM: tcmalloc or jemalloc when one was
 * preloaded ({@code LD_PRELOAD}, as the {@code ./sure4j} launcher does with tcmalloc when it is
 * installed), otherwise the system's {@code malloc}. Read from the libraries mapped into the
 * process ({@code /proc/self/maps}); docs/performance.md says why it matters and how to choose one.
 */
public enum NativeAllocator {
  /** gperftools' tcmalloc ({@code libtcmalloc.so}, {@code libtcmalloc_minimal.so}). */
  TCMALLOC("tcmalloc"),
  /** jemalloc ({@code libjemalloc.so}). */
  JEMALLOC("jemalloc"),
  /** The C library's {@code malloc} (glibc's on Linux), or a platform without {@code /proc}. */
  SYSTEM("system malloc");

  private static final Path MAPS = Path.of("/proc/self/maps");

  private final String label;

  NativeAllocator(String label) {
    this.label = label;
  }

  /**
   * Returns the allocator of this process, read from {@code /proc/self/maps} at the first call.
   *
   * @return the allocator; {@link #SYSTEM} where {@code /proc/self/maps} does not exist
   */
  public static NativeAllocator current() {
    return Current.VALUE;
  }

  /** The process's allocator, read once: it cannot change while the process runs. */
  private static final class Current {
    static final NativeAllocator VALUE = read();
  }

  private static NativeAllocator read() {
    if (!Files.isReadable(MAPS)) {
      return SYSTEM;
    }
    try {
      return fromMaps(Files.readAllLines(MAPS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MAPS, e);
    }
  }

  /**
   * Finds the allocator in the lines of a {@code /proc/<pid>/maps} file.
   *
   * @param maps the file's lines
   * @return tcmalloc or jemalloc when its library is mapped, else {@link #SYSTEM}
   */
  public static NativeAllocator fromMaps(List<String> maps) {
    for (String line : maps) {
      int slash = line.lastIndexOf('/');
      String file = slash < 0 ? "" : line.substring(slash + 1).toLowerCase(Locale.ROOT);
      if (file.startsWith("libtcmalloc")) {
        return TCMALLOC;
      }
      if (file.startsWith("libjemalloc")) {
        return JEMALLOC;
      }
    }
    return SYSTEM;
  }

  /**
   * Returns the name printed at start-up and in {@code /health}.
   *
   * @return e.g. {@code tcmalloc}
   */
  public String label() {
    return label;
  }
}
