package dev.sure4j.adapters.files;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.FuzzMessages;
import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes, written to an {@code adapter_config.json} and given to {@link AdapterConfig#read(Path,
 * InputLimits)} (through {@link SpecJson} to each method's fields), give either a config or an
 * {@link IOException} or {@link IllegalArgumentException} of one line that names the file; anything
 * else (another exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/adapters/files/AdapterConfigFuzzTestInputs/read/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class AdapterConfigFuzzTest {

  private static final InputLimits LIMITS = InputLimits.builder().optMaxAdapterSize(4096).build();

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("fuzz-config");
    file = dir.resolve(AdapterConfig.FILE_NAME);
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    Files.write(file, data);
    try {
      AdapterConfig config = AdapterConfig.read(file, LIMITS);
      String.valueOf(config).length();
    } catch (IOException | IllegalArgumentException e) {
      FuzzMessages.check(e, file.toString());
    }
  }
}
