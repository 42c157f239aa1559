package dev.sure4j.cli.options;

import picocli.CommandLine.Option;

/** The {@code --seed} option of the training commands, default 0 (a picocli mixin). */
public final class SeedOption {

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /**
   * Returns the seed of data order, initial weights and dropout.
   *
   * @return the {@code --seed} value
   */
  public long value() {
    return seed;
  }
}
