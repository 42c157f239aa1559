package dev.sure4j.speech.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.testing.FuzzFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes, written to a {@code manifest.csv} and given to {@link Manifest#read(Path)}, give
 * either a manifest (every entry an existing file with a value for every column) or an {@link
 * IOException} or {@link IllegalArgumentException} of one line that names the file; anything else
 * (another exception, an error, a hang) is a finding. The manifest's directory holds one empty
 * {@code a.wav}.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/speech/data/ManifestFuzzTestInputs/read/}; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/security.md).
 */
class ManifestFuzzTest {

  @RegisterExtension
  static final FuzzFile FILE =
      FuzzFile.named("manifest.csv")
          .documenting(IllegalArgumentException.class)
          .withCompanion("a.wav", new byte[0]);

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    FILE.read(
        data,
        file -> {
          for (ManifestEntry entry : Manifest.read(file).entries()) {
            if (!Files.isRegularFile(entry.audio())) {
              throw new AssertionError("an entry whose audio is not a file: " + entry);
            }
          }
        });
  }
}
