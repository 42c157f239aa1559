package dev.sure4j.adapters.io.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged checkpoints fail cleanly: whatever bytes of a fixture are overwritten or cut, opening it
 * and reading every tensor either succeeds or throws an {@link IOException} whose one-line message
 * names the file; never another exception, a hang or a huge allocation.
 */
class CorruptCheckpointPropertiesTest {

  private static final String[] FILES = {"views.bin", "legacy.bin", "half.bin", "nested.bin"};

  @Property(tries = 400)
  void overwrittenBytesFailCleanly(
      @ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll @IntRange(min = 1, max = 4) int count,
      @ForAll byte value)
      throws Exception {
    byte[] bytes = original(FILES[which]);
    for (int i = 0; i < count; i++) {
      bytes[(where + i) % bytes.length] = (byte) (value + i);
    }
    openAndReadAll(bytes);
  }

  @Property(tries = 100)
  void cutFilesFailCleanly(
      @ForAll @IntRange(min = 0, max = 3) int which,
      @ForAll @IntRange(min = 0, max = 100_000) int at)
      throws Exception {
    byte[] bytes = original(FILES[which]);
    openAndReadAll(java.util.Arrays.copyOf(bytes, at % bytes.length));
  }

  private static byte[] original(String name) throws Exception {
    return Files.readAllBytes(
        Path.of(CorruptCheckpointPropertiesTest.class.getResource(name).toURI()));
  }

  private static void openAndReadAll(byte[] bytes) throws Exception {
    Path file = Files.createTempFile("corrupt", ".bin");
    try {
      Files.write(file, bytes);
      try (TorchCheckpointReader r = TorchCheckpointReader.open(file)) {
        for (String name : r.tensors().keySet()) {
          r.readFloats(name);
        }
      } catch (IOException e) {
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
      }
    } finally {
      Files.delete(file);
    }
  }
}
