package dev.sure4j.cli.options;

import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of the long training commands ({@code pretrain}, {@code tts-train},
 * {@code vocoder-train}), default 2 (a picocli mixin).
 */
public final class TrainingThreadsOption {

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  /**
   * Returns the libtorch intra-op threads.
   *
   * @return the {@code --threads} value
   */
  public int value() {
    return threads;
  }
}
