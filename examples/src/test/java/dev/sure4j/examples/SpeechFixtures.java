package dev.sure4j.examples;

import java.nio.file.Path;

/** Fixtures that the adapters-speech tests commit and the command tests reuse. */
public final class SpeechFixtures {

  private static final Path RESOURCES =
      Path.of("..", "adapters-speech", "src", "test", "resources");

  private SpeechFixtures() {}

  /**
   * Returns a path under adapters-speech's test resources, from this module's directory.
   *
   * @param parts the path's components below {@code src/test/resources}
   * @return the path
   */
  public static Path resource(String... parts) {
    return RESOURCES.resolve(Path.of("", parts));
  }
}
