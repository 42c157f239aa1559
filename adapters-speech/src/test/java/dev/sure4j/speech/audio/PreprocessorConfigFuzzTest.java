package dev.sure4j.speech.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.testing.FuzzFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension static final FuzzFile FILE = FuzzFile.named(PreprocessorConfig.FILE_NAME);

  @FuzzTest(maxDuration = "2m")
  void load(byte[] data) throws IOException {
    FILE.read(
        data,
        file -> {
          PreprocessorConfig config = PreprocessorConfig.load(file);
          if (config.samplingRate() <= 0 || config.featureSize() != 1) {
            throw new AssertionError("an invalid config: " + config);
          }
        });
  }
}
