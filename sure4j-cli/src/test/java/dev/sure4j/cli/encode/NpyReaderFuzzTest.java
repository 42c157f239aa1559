package dev.sure4j.cli.encode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes, written to a {@code .npy} file and given to {@link NpyReader#read(Path)}, give either
 * an array with as many values as its shape says or an {@link IOException} of one line that names
 * the file; anything else (another exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/cli/encode/NpyReaderFuzzTestInputs/read/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/security.md).
 */
class NpyReaderFuzzTest {

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("fuzz-npy");
    file = dir.resolve("fuzz.npy");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    Files.write(file, data);
    NpyReader.Array array;
    try {
      array = NpyReader.read(file);
    } catch (IOException e) {
      String message = e.getMessage();
      if (message == null
          || !message.contains(file.toString())
          || message.indexOf('\n') >= 0
          || message.indexOf('\r') >= 0) {
        throw new AssertionError("not one line naming the file: " + message, e);
      }
      return;
    }
    long count = 1;
    for (long d : array.shape()) {
      count *= d;
    }
    if (count != array.data().length) {
      throw new AssertionError(array.data().length + " values for " + array.shape().length + "-d");
    }
  }
}
