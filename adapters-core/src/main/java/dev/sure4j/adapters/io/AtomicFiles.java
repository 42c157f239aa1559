package dev.sure4j.adapters.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files and directories so that a crash never leaves a half-written result in place: the
 * content goes to a hidden temporary sibling ({@code .<name>.tmp-<random>}) which is then renamed
 * over the target with {@code ATOMIC_MOVE}. A reader sees the old file or directory, or the
 * complete new one; on any error the temporary sibling is deleted and the target is unchanged.
 *
 * <p>A directory is replaced in two renames: the old directory is first renamed aside to {@code
 * .<name>.old} ({@link #previous(Path)}), then the new one into place, then the old one is deleted.
 * After a crash between the two renames the last good copy is the one aside; the next replacement
 * puts a new directory in place before it deletes it, so no moment is without a complete copy.
 */
public final class AtomicFiles {

  /**
   * The system property of the crash tests: when it names a positive number of milliseconds, {@link
   * #replaceDirectory} prints {@value #PAUSE_MARKER} and the target on standard error between its
   * two renames and sleeps that long, so that a test can kill the process exactly there. Unset (the
   * default), nothing is printed and nothing waits.
   */
  public static final String PAUSE_PROPERTY = "sure4j.atomicfiles.pauseBetweenRenamesMillis";

  /** The line prefix {@link #PAUSE_PROPERTY} prints before it sleeps. */
  public static final String PAUSE_MARKER = "sure4j-atomicfiles: between renames of ";

  private static final long PAUSE_MILLIS = Long.getLong(PAUSE_PROPERTY, 0);

  /** Writes the content of a file given its open channel. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content.
     *
     * @param channel the temporary file, open for writing; closed and forced to disk by the caller
     * @throws IOException when writing fails
     */
    void writeTo(FileChannel channel) throws IOException;
  }

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface StreamContent {
    /**
     * Writes the whole content.
     *
     * @param out the buffered stream into the temporary file; closing it only flushes it
     * @throws IOException when writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes the files of a directory. */
  @FunctionalInterface
  public interface DirectoryContent {
    /**
     * Fills a directory.
     *
     * @param dir the temporary directory, existing and empty
     * @throws IOException when writing fails
     */
    void writeTo(Path dir) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes a file through a temporary file in the same directory, forced to disk, then renamed over
   * the target with {@code ATOMIC_MOVE}. The target's directory is created when missing.
   *
   * @param target the file to write or replace
   * @param content writes the content
   * @throws IOException when writing or renaming fails; the target is then unchanged and the
   *     temporary file deleted
   */
  public static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
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
   * Writes a file from a stream, atomically as {@link #write(Path, Content)}.
   *
   * @param target the file to write or replace
   * @param content writes the content
   * @throws IOException when writing or renaming fails; the target is then unchanged
   */
  public static void writeStream(Path target, StreamContent content) throws IOException {
    write(
        target,
        ch -> {
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
          content.writeTo(
              new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                  flush();
                }
              });
          out.flush();
        });
  }

  /**
   * Writes bytes to a file, atomically as {@link #write(Path, Content)}.
   *
   * @param target the file to write or replace
   * @param bytes the whole content
   * @throws IOException when writing or renaming fails; the target is then unchanged
   */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    write(
        target,
        ch -> {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          while (b.hasRemaining()) {
            ch.write(b);
          }
        });
  }

  /**
   * Writes text as UTF-8, atomically as {@link #write(Path, Content)}.
   *
   * @param target the file to write or replace
   * @param text the whole content
   * @throws IOException when writing or renaming fails; the target is then unchanged
   */
  public static void writeString(Path target, String text) throws IOException {
    writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a directory: {@code content} fills a fresh temporary sibling, which then {@link
   * #replaceDirectory replaces} {@code target}. Files in an existing {@code target} are not kept.
   *
   * @param target the directory to write or replace
   * @param content fills the directory
   * @throws IOException when writing or renaming fails; the target is then unchanged and the
   *     temporary directory deleted
   * @throws IllegalArgumentException when {@code target} exists and is not a directory
   */
  public static void writeDirectory(Path target, DirectoryContent content) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    checkArgument(
        !Files.exists(abs, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(abs),
        "%s exists and is not a directory",
        abs);
    Files.createDirectories(abs.getParent());
    Path tmp = sibling(abs, "tmp");
    try {
      Files.createDirectory(tmp);
      content.writeTo(tmp);
      replaceDirectory(tmp, abs);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /**
   * Returns a fresh hidden name next to {@code target}, {@code .<name>.<kind>-<random>}. Files and
   * directories are then created under it with the default permissions (unlike {@code
   * Files.createTemp*}, which makes them private to the owner).
   *
   * @param target the file or directory the sibling stands in for
   * @param kind a word for the sibling's role, such as {@code tmp}
   * @return the sibling's path, not created
   */
  public static Path sibling(Path target, String kind) {
    String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + random);
  }

  /**
   * Returns where {@link #replaceDirectory} keeps the old directory between its two renames, {@code
   * .<name>.old} beside {@code target}. After a crash there it holds the last complete copy.
   *
   * @param target the directory being replaced
   * @return the aside path, which exists only during or after an interrupted replacement
   */
  public static Path previous(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".old");
  }

  /**
   * Replaces the directory {@code target} by the complete directory {@code fresh} (a sibling): an
   * existing target is first renamed to {@link #previous(Path)}, then {@code fresh} is renamed into
   * place, then the old directory is deleted. A copy left aside by an earlier crash is deleted only
   * once a complete target is in place.
   *
   * @param fresh the new, complete directory
   * @param target the directory to replace or create
   * @throws IOException when a rename fails; the old directory is then back at {@code target}
   */
  public static void replaceDirectory(Path fresh, Path target) throws IOException {
    Path old = previous(target);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(old);
      move(target, old);
      RenamePause.pause(target, PAUSE_MILLIS, PAUSE_MARKER);
      try {
        move(fresh, target);
      } catch (IOException e) {
        move(old, target);
        throw e;
      }
    } else {
      move(fresh, target);
    }
    deleteTree(old);
  }

  /**
   * Deletes what interrupted writes of {@code target} left behind: the temporary siblings {@code
   * .<name>.tmp-*} of a process killed while it filled them. The copy aside, {@link
   * #previous(Path)}, is kept: after a crash between the two renames it is the last complete one.
   * Call it only while no other process or thread writes {@code target}.
   *
   * @param target the file or directory whose leftovers to delete
   * @return how many leftovers were deleted
   * @throws IOException when the directory cannot be listed or an entry cannot be deleted
   */
  public static int deleteLeftovers(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (!Files.isDirectory(parent)) {
      return 0;
    }
    return FileTrees.deleteStartingWith(parent, "." + abs.getFileName() + ".tmp-");
  }

  /**
   * Deletes a file or directory tree; missing is fine.
   *
   * @param root the file or directory
   * @throws IOException when an entry cannot be deleted
   */
  public static void deleteTree(Path root) throws IOException {
    FileTrees.delete(root);
  }

  /**
   * Copies every entry of {@code from} except the given names into {@code to}, recursively.
   *
   * @param from the source directory
   * @param to the target directory
   * @param except file names (in {@code from}) not to copy
   * @throws IOException when a copy fails
   */
  public static void copyOthers(Path from, Path to, Set<String> except) throws IOException {
    FileTrees.copyOthers(from, to, except);
  }

  /** Renames atomically, replacing a file at {@code to}; says so when the file system cannot. */
  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " atomically on this file system", e);
    }
  }
}
