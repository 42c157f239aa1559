package dev.sure4j.speech.vocoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.SafetensorsReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the generator fixtures written by {@code tools/hifigan_fixture.py}. */
final class VocoderFixtures {

  private VocoderFixtures() {}

  /**
   * Returns a fixture directory: {@code resblock1} or {@code resblock2} (weight-norm form), or
   * either followed by {@code /folded}.
   */
  static Path dir(String name) throws URISyntaxException {
    return Path.of(
            VocoderFixtures.class
                .getResource("/dev/sure4j/speech/vocoder/" + name + "/config.json")
                .toURI())
        .getParent();
  }

  /** Reads {@code mel} or {@code wave} from a fixture's {@code io.safetensors}. */
  static NDArray io(String fixture, String tensor, NDManager manager)
      throws IOException, URISyntaxException {
    try (SafetensorsReader r = SafetensorsReader.open(dir(fixture).resolve("io.safetensors"))) {
      return r.readArray(tensor, manager);
    }
  }
}
