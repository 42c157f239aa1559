package dev.sure4j.speech.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes, written to a {@code preprocessor_config.json} and given to {@link
 * PreprocessorConfig#load(Path)}, give either a config (a positive sampling rate, feature size 1)
 * or an {@link IOException} of one line that names the file; anything else (another exception, an
 * error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/speech/audio/PreprocessorConfigFuzzTestInputs/load/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class PreprocessorConfigFuzzTest {

  private static Path dir;
  private static Path file;

  @BeforeAll
  static void createFile() throws IOException {
    dir = Files.createTempDirectory("fuzz-preprocessor");
    file = dir.resolve(PreprocessorConfig.FILE_NAME);
  }

  @AfterAll
  static void deleteFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @FuzzTest(maxDuration = "2m")
  void load(byte[] data) throws IOException {
    Files.write(file, data);
    PreprocessorConfig config;
    try {
      config = PreprocessorConfig.load(file);
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
    if (config.samplingRate() <= 0 || config.featureSize() != 1) {
      throw new AssertionError("an invalid config: " + config);
    }
  }
}
