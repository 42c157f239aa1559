package dev.sure4j.cli.options;

import picocli.CommandLine.Option;

/**
 * The required {@code --data} option of the commands that train or score on a corpus (a picocli
 * mixin); each command's description says which forms it reads.
 */
public final class DataOption {

  @Option(
      names = "--data",
      required = true,
      description =
          "The data: a directory of manifests, a corpus root, or name:path for a corpus in its"
              + " standard layout (the forms the command reads: see its description).")
  String data;

  /**
   * Returns the data as given: a directory, or {@code name:path}.
   *
   * @return the {@code --data} value
   */
  public String value() {
    return data;
  }
}
