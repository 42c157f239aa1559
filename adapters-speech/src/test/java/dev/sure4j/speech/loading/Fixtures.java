package dev.sure4j.speech.loading;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the committed encoder fixtures. */
final class Fixtures {

  private Fixtures() {}

  static Path encoderDir() throws URISyntaxException {
    return Path.of(
            Fixtures.class.getResource("/dev/sure4j/speech/encoder/speech.safetensors").toURI())
        .getParent();
  }
}
