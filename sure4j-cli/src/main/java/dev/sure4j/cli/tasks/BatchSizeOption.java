package dev.sure4j.cli.tasks;

import picocli.CommandLine.Option;

/**
 * The {@code --batch-size} option of {@code train}, {@code evaluate}, {@code whisper-pretrain} and
 * {@code quickstart} (a picocli mixin).
 */
public final class BatchSizeOption {

  @Option(
      names = "--batch-size",
      defaultValue = "16",
      description = "Utterances per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  /**
   * Returns the utterances per batch.
   *
   * @return the {@code --batch-size} value
   */
  public int value() {
    return batchSize;
  }
}
