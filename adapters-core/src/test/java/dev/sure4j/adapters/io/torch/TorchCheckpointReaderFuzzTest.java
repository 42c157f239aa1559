package dev.sure4j.adapters.io.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.testing.FuzzFile;
import dev.sure4j.adapters.testing.FuzzTensorFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes, written to a file and given to {@link TorchCheckpointReader#open(Path)} (zip and
 * legacy formats), give either a reader whose every tensor reads back whole (no more bytes than the
 * file holds) or an {@link IOException} of one line that names the file; anything else (another
 * exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/adapters/io/torch/TorchCheckpointReaderFuzzTestInputs/open/};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class TorchCheckpointReaderFuzzTest {

  @RegisterExtension static final FuzzFile FILE = FuzzFile.named("fuzz.bin");

  @FuzzTest(maxDuration = "2m")
  void open(byte[] data) throws IOException {
    FuzzTensorFiles.openAndReadEvery(
        FILE,
        data,
        TorchCheckpointReader::open,
        TensorInfo::byteLength,
        "a tensor larger than the file");
  }
}
