package dev.sure4j.cli.encode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.testing.FuzzFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension static final FuzzFile FILE = FuzzFile.named("fuzz.npy");

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    FILE.read(
        data,
        file -> {
          NpyReader.Array array = NpyReader.read(file);
          long count = 1;
          for (long d : array.shape()) {
            count *= d;
          }
          if (count != array.data().length) {
            throw new AssertionError(
                array.data().length + " values for " + array.shape().length + "-d");
          }
        });
  }
}
