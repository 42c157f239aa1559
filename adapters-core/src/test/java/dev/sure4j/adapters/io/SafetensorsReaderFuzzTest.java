package dev.sure4j.adapters.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.testing.FuzzFile;
import dev.sure4j.adapters.testing.FuzzTensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension static final FuzzFile FILE = FuzzFile.named("fuzz.safetensors");

  @FuzzTest(maxDuration = "2m")
  void open(byte[] data) throws IOException {
    FuzzTensorFiles.openAndReadEvery(
        FILE,
        data,
        SafetensorsReader::open,
        t -> t.position() + t.byteLength(),
        "a tensor outside the file");
  }
}
