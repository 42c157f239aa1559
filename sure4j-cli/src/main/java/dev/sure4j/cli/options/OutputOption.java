package dev.sure4j.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The required {@code --out} option of the commands that write a file or a directory (a picocli
 * mixin); each command's description says what it writes there.
 */
public final class OutputOption {

  @Option(
      names = "--out",
      required = true,
      description = "Where to write the output: the file or directory the command describes.")
  Path out;

  /**
   * Returns where the command writes.
   *
   * @return the {@code --out} value
   */
  public Path path() {
    return out;
  }
}
