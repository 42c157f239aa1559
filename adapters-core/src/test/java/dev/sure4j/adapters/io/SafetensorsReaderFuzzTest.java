package dev.sure4j.adapters.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes, written to a file and given to {@link SafetensorsReader#open(Path)}, give either a
 * reader whose every tensor reads back whole (as many bytes as its shape and dtype need, within the
 * file) or an {@link IOException} of one line that names the file; anything else (another
 * exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/adapters/io/SafetensorsReaderFuzzTestInputs/open/} (Jazzer's
 * regression mode); {@code JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class SafetensorsReaderFuzzTest {

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("fuzz-safetensors");
    file = dir.resolve("fuzz.safetensors");
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "2m")
  void open(byte[] data) throws IOException {
    Files.write(file, data);
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      for (Map.Entry<String, TensorInfo> e : reader.tensors().entrySet()) {
        TensorInfo t = e.getValue();
        if (t.byteLength() != t.elementCount() * t.dtype().byteSize()
            || t.position() + t.byteLength() > data.length) {
          throw new AssertionError("a tensor outside the file: " + t);
        }
        ByteBuffer raw = reader.readRaw(e.getKey());
        if (raw.remaining() != t.byteLength()) {
          throw new AssertionError("read " + raw.remaining() + " bytes of " + t);
        }
        reader.readFloats(e.getKey());
      }
    } catch (IOException e) {
      FuzzMessages.check(e, file.toString());
    }
  }
}
