package dev.sure4j.adapters.files;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.testing.FuzzFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension
  static final FuzzFile FILE =
      FuzzFile.named(AdapterConfig.FILE_NAME).documenting(IllegalArgumentException.class);

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    FILE.read(data, file -> String.valueOf(AdapterConfig.read(file, LIMITS)).length());
  }
}
