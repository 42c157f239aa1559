package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path tmp;

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Writes {@code ckpt/a.txt} holding {@code text} through {@link AtomicFiles#writeDirectory}. */
  private Path directoryHolding(String text) throws IOException {
    Path d = tmp.resolve("ckpt");
    AtomicFiles.writeDirectory(d, dir -> Files.writeString(dir.resolve("a.txt"), text));
    return d;
  }

  /** Asserts that {@code ckpt/a.txt} holds {@code text} and nothing else is left beside it. */
  private void assertOnlyDirectoryHolds(String text) throws IOException {
    assertEquals(text, Files.readString(tmp.resolve("ckpt").resolve("a.txt")));
    assertEquals(List.of("ckpt"), entries());
  }

  @Test
  void writeStringReplacesAFileAndCreatesItsDirectory() throws IOException {
    Path f = tmp.resolve("sub/a.txt");
    AtomicFiles.writeString(f, "old ü");
    AtomicFiles.writeString(f, "new");
    assertEquals("new", Files.readString(f, StandardCharsets.UTF_8));
    AtomicFiles.writeString(f, "é");
    assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, Files.readAllBytes(f));
  }

  @Test
  void failedFileWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = tmp.resolve("a.txt");
    AtomicFiles.writeString(f, "old");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writeStream(
                    f,
                    out -> {
                      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                      out.flush();
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("a.txt"), entries());
  }

  @Test
  void streamContentMayCloseTheStream() throws IOException {
    Path f = tmp.resolve("b.bin");
    AtomicFiles.writeStream(
        f,
        out -> {
          out.write(new byte[] {1, 2, 3}, 1, 2);
          out.write(9);
          out.close();
        });
    assertArrayEquals(new byte[] {2, 3, 9}, Files.readAllBytes(f));
  }

  @Test
  void writeDirectoryReplacesTheWholeDirectory() throws IOException {
    Path d = tmp.resolve("ckpt");
    AtomicFiles.writeDirectory(d, dir -> Files.writeString(dir.resolve("old.txt"), "1"));
    AtomicFiles.writeDirectory(d, dir -> Files.writeString(dir.resolve("new.txt"), "2"));
    try (Stream<Path> s = Files.list(d)) {
      assertEquals(List.of("new.txt"), s.map(p -> p.getFileName().toString()).toList());
    }
    assertEquals("2", Files.readString(d.resolve("new.txt")));
    assertEquals(List.of("ckpt"), entries());
  }

  @Test
  void failedDirectoryWriteLeavesTheOldDirectoryAndNoTemporaryDirectory() throws IOException {
    Path d = directoryHolding("old");
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                AtomicFiles.writeDirectory(
                    d,
                    dir -> {
                      Files.writeString(dir.resolve("a.txt"), "new");
                      throw new UncheckedIOException(new IOException("simulated crash"));
                    }));
    assertEquals("simulated crash", e.getCause().getMessage());
    assertOnlyDirectoryHolds("old");
  }

  @Test
  void failedRenameIntoPlacePutsTheOldDirectoryBack() throws IOException {
    Path d = directoryHolding("old");
    Path missing = tmp.resolve(".ckpt.tmp-gone");
    assertThrows(IOException.class, () -> AtomicFiles.replaceDirectory(missing, d));
    assertOnlyDirectoryHolds("old");
  }

  @Test
  void aCopyLeftAsideByACrashIsDeletedOnlyAfterTheNewOneIsInPlace() throws IOException {
    Path d = tmp.resolve("ckpt");
    Path aside = tmp.resolve(".ckpt.old");
    assertEquals(aside, AtomicFiles.previous(d));
    Files.createDirectory(aside);
    Files.writeString(aside.resolve("a.txt"), "last good");
    directoryHolding("new");
    assertOnlyDirectoryHolds("new");

    Files.createDirectory(aside);
    Files.writeString(aside.resolve("a.txt"), "stale");
    directoryHolding("newer");
    assertOnlyDirectoryHolds("newer");
  }

  @Test
  void writeDirectoryRefusesToReplaceAFile() throws IOException {
    Path f = tmp.resolve("file");
    Files.writeString(f, "keep");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeDirectory(f, d -> {}));
    assertTrue(e.getMessage().contains("exists and is not a directory"), e.getMessage());
    assertEquals("keep", Files.readString(f));
  }

  @Test
  void deleteLeftoversRemovesOnlyTheTemporarySiblingsOfItsTarget() throws IOException {
    directoryHolding("good");
    for (String name : List.of(".ckpt.tmp-1f", ".ckpt.tmp-2e", ".ckpt.old", ".other.tmp-3d")) {
      Files.createDirectory(tmp.resolve(name));
      Files.writeString(tmp.resolve(name).resolve("half.bin"), "half");
    }
    assertEquals(2, AtomicFiles.deleteLeftovers(tmp.resolve("ckpt")));
    assertEquals(List.of(".ckpt.old", ".other.tmp-3d", "ckpt"), entries());
    assertEquals("good", Files.readString(tmp.resolve("ckpt").resolve("a.txt")));
    assertEquals(0, AtomicFiles.deleteLeftovers(tmp.resolve("missing").resolve("x")));
  }
}
