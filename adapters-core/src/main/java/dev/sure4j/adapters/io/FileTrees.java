package dev.sure4j.adapters.io;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.stream.Stream;

/** Recursive deletes and copies of directory trees, for {@link AtomicFiles}. */
final class FileTrees {

  private FileTrees() {}

  /** See {@link AtomicFiles#deleteTree}. */
  static void delete(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /**
   * Deletes the entries of a directory whose names start with a prefix, trees included.
   *
   * @return how many were deleted
   */
  static int deleteStartingWith(Path dir, String prefix) throws IOException {
    int n = 0;
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (p.getFileName().toString().startsWith(prefix)) {
          delete(p);
          n++;
        }
      }
    }
    return n;
  }

  /** See {@link AtomicFiles#copyOthers}. */
  static void copyOthers(Path from, Path to, Set<String> except) throws IOException {
    try (Stream<Path> entries = Files.list(from)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!except.contains(p.getFileName().toString())) {
          copyTree(p, to.resolve(p.getFileName().toString()));
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, to.resolve(from.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
