package dev.sure4j.adapters.io;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Writes files and directories so that a crash never leaves a half-written result in place. */
final class AtomicFiles {

  /** Writes the content of a file given its open channel. */
  @FunctionalInterface
  interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes a file through a temporary file in the same directory, forced to disk, then renamed over
   * the target with {@code ATOMIC_MOVE}. On failure the target is unchanged and the temporary file
   * is deleted.
   */
  static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = sibling(abs, "tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        content.writeTo(ch);
        ch.force(true);
      }
      move(tmp, abs);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Returns a fresh hidden name next to {@code target}, {@code .<name>.<kind>-<random>}. Files and
   * directories are then created under it with the default permissions (unlike {@code
   * Files.createTemp*}, which makes them private to the owner).
   */
  static Path sibling(Path target, String kind) {
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + random);
  }

  /**
   * Renames {@code from} to {@code to} atomically, replacing a file at {@code to}.
   *
   * @throws IOException when the file system cannot rename atomically (for example across file
   *     systems); the message says so
   */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " atomically on this file system", e);
    }
  }

  /**
   * Replaces the directory {@code target} by the complete directory {@code fresh} (a sibling): an
   * existing target is first renamed aside, then {@code fresh} is renamed into place, then the old
   * directory is deleted. At every moment either the old or the new directory is complete; after a
   * crash between the two renames the old one is found next to the target as {@code .<name>.old-*}.
   */
  static void replaceDirectory(Path fresh, Path target) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      move(fresh, target);
      return;
    }
    Path old = sibling(target, "old");
    move(target, old);
    try {
      move(fresh, target);
    } catch (IOException e) {
      move(old, target);
      throw e;
    }
    deleteTree(old);
  }

  /** Copies every entry of {@code from} except the given names into {@code to}, recursively. */
  static void copyOthers(Path from, Path to, java.util.Set<String> except) throws IOException {
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

  /** Deletes a file or directory tree; missing is fine. */
  static void deleteTree(Path root) throws IOException {
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
