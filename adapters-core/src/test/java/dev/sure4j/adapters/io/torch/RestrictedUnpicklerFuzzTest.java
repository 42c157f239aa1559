package dev.sure4j.adapters.io.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.testing.FuzzMessages;
import java.io.IOException;

/**
 * Any bytes given to {@link RestrictedUnpickler#load(byte[], String, InputLimits)} give either an
 * object or an {@link IOException} of one line that names the source; anything else (another
 * exception, an error, a hang) is a finding.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/adapters/io/torch/RestrictedUnpicklerFuzzTestInputs/load/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class RestrictedUnpicklerFuzzTest {

  private static final String SOURCE = "fuzz.bin: archive/data.pkl";

  @FuzzTest(maxDuration = "2m")
  void load(byte[] data) {
    try {
      RestrictedUnpickler.load(data, SOURCE, InputLimits.defaults());
    } catch (IOException e) {
      FuzzMessages.check(e, SOURCE);
    }
  }
}
