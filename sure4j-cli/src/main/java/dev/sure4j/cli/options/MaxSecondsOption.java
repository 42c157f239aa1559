package dev.sure4j.cli.options;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.InputLimitsBuilder;
import picocli.CommandLine.Option;

/** The {@code --max-seconds} bound of the commands that read audio files (a picocli mixin). */
public final class MaxSecondsOption {

  @Option(
      names = "--max-seconds",
      description =
          "Longest audio accepted, in seconds at the file's rate; longer files are refused before"
              + " they are resampled, and decoding stops there (default: 3600).")
  Double maxSeconds;

  /**
   * Returns the limits audio files are read within: the defaults, with {@code --max-seconds}.
   *
   * @return the limits
   * @throws IllegalArgumentException if {@code --max-seconds} is not a positive number
   */
  public InputLimits limits() {
    InputLimitsBuilder b = InputLimits.builder();
    if (maxSeconds != null) {
      b.optMaxSeconds(maxSeconds);
    }
    return b.build();
  }
}
