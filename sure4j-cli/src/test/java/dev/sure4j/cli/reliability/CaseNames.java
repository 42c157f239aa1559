package dev.sure4j.cli.reliability;

/** Turns a catalogue case's name into a name the case's files and directories can carry. */
final class CaseNames {

  private CaseNames() {}

  /**
   * Replaces every run of characters other than ASCII letters and digits by one hyphen.
   *
   * @param name the case's name, e.g. {@code "task.json without labels"}
   * @return a file name stem, e.g. {@code "task-json-without-labels"}
   */
  static String fileName(String name) {
    return name.replaceAll("[^a-zA-Z0-9]+", "-");
  }
}
