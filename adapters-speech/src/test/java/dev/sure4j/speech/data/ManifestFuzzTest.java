package dev.sure4j.speech.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes, written to a {@code manifest.csv} and given to {@link Manifest#read(Path)}, give
 * either a manifest (every entry an existing file with a value for every column) or an {@link
 * IOException} or {@link IllegalArgumentException} of one line that names the file; anything else
 * (another exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/speech/data/ManifestFuzzTestInputs/read/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/security.md).
 */
class ManifestFuzzTest {

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("fuzz-manifest");
    file = dir.resolve("manifest.csv");
    Files.write(dir.resolve("a.wav"), new byte[0]);
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir.resolve("a.wav"));
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    Files.write(file, data);
    Manifest manifest;
    try {
      manifest = Manifest.read(file);
    } catch (IOException | IllegalArgumentException e) {
      String message = e.getMessage();
      if (message == null
          || !message.contains(file.toString())
          || message.indexOf('\n') >= 0
          || message.indexOf('\r') >= 0) {
        throw new AssertionError("not one line naming the file: " + message, e);
      }
      return;
    }
    for (ManifestEntry entry : manifest.entries()) {
      if (!Files.isRegularFile(entry.audio())) {
        throw new AssertionError("an entry whose audio is not a file: " + entry);
      }
    }
  }
}
