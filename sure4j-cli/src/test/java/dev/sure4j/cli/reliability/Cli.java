package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.Sure4j;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Runs a {@code ./sure4j} command in-process with its standard output and error captured, and
 * checks the reliability contract: a refused input ends with exit code != 0 and one line on
 * standard error that names the culprit, with no stack trace.
 *
 * @param code the exit code
 * @param out what the command printed on standard output
 * @param err what the command printed on its picocli error stream (the one-line refusal)
 * @param log what the library printed on {@code System.err} meanwhile (warnings)
 */
record Cli(int code, String out, String err, String log) {

  /** Where the catalogue's base files live, relative to the sure4j-cli module. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** The bundled small backbone. */
  static final Path MODEL = ROOT.resolve("models").resolve("mini-hubert");

  /**
   * Runs a command.
   *
   * @param args the command line after {@code ./sure4j}
   * @return the outcome
   */
  static Cli run(String... args) {
    return run(false, args);
  }

  /**
   * Runs a command, also capturing {@code System.err} (the library's warnings) when asked.
   *
   * @param captureLog whether to capture {@code System.err} into {@link #log()}
   * @param args the command line after {@code ./sure4j}
   * @return the outcome
   */
  static Cli run(boolean captureLog, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cli = Sure4j.commandLine();
    cli.setErr(new PrintWriter(err, true));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    if (captureLog) {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }
    int code;
    try {
      code = cli.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Cli result =
        new Cli(
            code,
            out.toString(StandardCharsets.UTF_8),
            err.toString(),
            log.toString(StandardCharsets.UTF_8));
    System.out.printf(
        Locale.ROOT, "%s -> %d %s%n", args[0], code, result.err.strip().replace('\n', '|'));
    return result;
  }

  /**
   * Runs {@code ./sure4j train} on the bundled backbone for a few steps.
   *
   * @param data the corpus directory ({@code train.csv}, {@code val.csv}, {@code test.csv})
   * @param method the method's command-line name
   * @param steps the number of optimiser steps
   * @param out the run's output directory
   * @param captureLog whether to capture {@code System.err} into {@link #log()}
   * @return the outcome
   */
  static Cli train(Path data, String method, int steps, Path out, boolean captureLog) {
    return run(
        captureLog,
        "train",
        "--model",
        MODEL.toString(),
        "--data",
        data.toString(),
        "--method",
        method,
        "--max-steps",
        String.valueOf(steps),
        "--out",
        out.toString());
  }

  /**
   * Writes a small kws corpus: every 16th clip of each split of the mini corpus, with absolute
   * audio paths.
   *
   * @param dir the directory to hold train.csv, val.csv and test.csv (created)
   * @return {@code dir}
   * @throws IOException when the mini corpus cannot be read or the manifests written
   */
  static Path kwsSubset(Path dir) throws IOException {
    Path mini = ROOT.resolve("data/mini/kws");
    Files.createDirectories(dir);
    for (String split : List.of("train", "val", "test")) {
      List<String> lines = Files.readAllLines(mini.resolve(split + ".csv"));
      List<String> out = new ArrayList<>(List.of(lines.get(0)));
      for (int i = 1; i < lines.size(); i += 16) {
        out.add(mini + "/" + lines.get(i));
      }
      Files.write(dir.resolve(split + ".csv"), out);
    }
    return dir;
  }

  /**
   * Checks that the command succeeded.
   *
   * @param args the command line, for the failure message
   * @return this outcome
   */
  Cli assertWorked(Object args) {
    assertEquals(0, code, "exit code for " + args + ", stderr: " + err);
    return this;
  }

  /**
   * Checks a refusal: exit code != 0, exactly one line on standard error that starts with {@code
   * sure4j <command>: } and contains every fragment (case-sensitive), no stack trace, and nothing
   * at {@code out}.
   *
   * @param command the subcommand
   * @param out the output path the command was given, or null
   * @param fragments what the line must name: the file, tensor or value, and what is wrong
   */
  void assertRefused(String command, Path out, List<String> fragments) {
    assertNotEquals(0, code, "exit code, stdout: " + this.out);
    String line = err.strip();
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    assertFalse(line.isEmpty(), "an error line; System.err had: " + log);
    assertFalse(line.contains("\n"), "one line: " + err);
    assertTrue(line.startsWith("sure4j " + command + ": "), "names the command: " + line);
    for (String f : fragments) {
      assertTrue(line.contains(f), "names '" + f + "': " + line);
    }
    if (out != null) {
      assertFalse(Files.exists(out), "nothing written to " + out);
    }
  }

  /**
   * Checks a refusal whose line names {@code culprit} (a file or directory) first among the
   * fragments. See {@link #assertRefused(String, Path, List)}.
   *
   * @param command the subcommand
   * @param out the output path the command was given, or null
   * @param culprit the file or directory the line must name
   * @param fragments what else the line must say
   */
  void assertRefused(String command, Path out, Path culprit, List<String> fragments) {
    List<String> all = new ArrayList<>(fragments);
    all.add(0, culprit.toString());
    assertRefused(command, out, all);
  }

  /**
   * Checks that the library's warnings ({@code System.err}) contain every fragment.
   *
   * @param fragments what the warnings must say
   * @return this outcome
   */
  Cli assertLogged(String... fragments) {
    for (String f : fragments) {
      assertTrue(log.contains(f), "warns '" + f + "': " + log);
    }
    return this;
  }
}
