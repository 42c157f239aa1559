package dev.sure4j.cli.tasks;

import picocli.CommandLine.Option;

/** The {@code --batch-size} option of {@code train} and {@code evaluate} (a picocli mixin). */
public final class BatchSizeOption {

  @Option(names = "--batch-size", defaultValue = "16", description = "Batch size (default: 16).")
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
