package dev.sure4j.examples.jshell;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Reads the {@code examples/jshell} scripts and runs them through the JDK's JShell API, in a
 * separate VM on the test class path, as {@code ./sure4j shell script.jsh} would. (Local execution
 * in this VM runs every snippet on a new thread, where libtorch's thread-local grad mode is on, so
 * an optimizer step fails; the {@code jshell} tool runs snippets on one thread.)
 */
final class JShellScripts {

  /** The repository root, seen from the examples module where the tests run. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** The scripts' folder. */
  static final Path DIR = ROOT.resolve("examples").resolve("jshell");

  /** The start-up file with the common imports. */
  static final Path IMPORTS = DIR.resolve("imports.jsh");

  private JShellScripts() {}

  /** The numbered example scripts, in order ({@code 01-...jsh}, {@code 02-...jsh}, ...). */
  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.jsh"))
          .sorted()
          .toList();
    }
  }

  /**
   * Splits a script into cells: its blocks separated by blank lines, without JShell commands (lines
   * starting with {@code /}, such as {@code /exit}).
   */
  static List<String> cells(Path script) throws IOException {
    List<String> cells = new ArrayList<>();
    List<String> block = new ArrayList<>();
    for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("/")) {
        if (!block.isEmpty()) {
          cells.add(String.join("\n", block));
          block.clear();
        }
      } else {
        block.add(line);
      }
    }
    if (!block.isEmpty()) {
      cells.add(String.join("\n", block));
    }
    return cells;
  }

  /**
   * Runs the imports and then one script in a fresh JShell, and returns what it printed.
   *
   * @throws AssertionError naming the script and snippet when a snippet is rejected or throws
   */
  static String run(Path script) throws IOException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (JShell shell =
        JShell.builder()
            .out(out)
            .remoteVMOptions("-Dai.djl.offline=true", "-Dsure4j.root=" + ROOT, "-Xmx2g")
            .build()) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        shell.addToClasspath(entry);
      }
      for (Path file : List.of(IMPORTS, script)) {
        for (String cell : cells(file)) {
          evalAll(shell, file, cell);
        }
      }
    } finally {
      // what the script printed, also when it failed
      System.out.print(printed.toString(StandardCharsets.UTF_8));
    }
    return printed.toString(StandardCharsets.UTF_8);
  }

  /**
   * Evaluates a cell as the {@code jshell} tool reads a script: line by line, each snippet ending
   * at the first line where the source read so far is complete (so a builder chain must not look
   * complete before its last line).
   */
  private static void evalAll(JShell shell, Path file, String cell) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    StringBuilder pending = new StringBuilder();
    for (String line : cell.split("\n", -1)) {
      pending.append(line).append('\n');
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending.toString());
      if (info.completeness().isComplete()) {
        for (SnippetEvent e : shell.eval(info.source())) {
          check(shell, file, e);
        }
        pending.setLength(0);
        pending.append(info.remaining());
      }
    }
    if (!pending.toString().isBlank()) {
      throw new AssertionError(file.getFileName() + ": incomplete snippet: " + pending);
    }
  }

  private static void check(JShell shell, Path file, SnippetEvent e) {
    Snippet s = e.snippet();
    if (e.exception() != null) {
      throw new AssertionError(
          file.getFileName() + ": threw in: " + s.source() + ": " + e.exception(), e.exception());
    }
    if (e.causeSnippet() == null && e.status() != Snippet.Status.VALID) {
      String diags =
          shell.diagnostics(s).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
      throw new AssertionError(
          file.getFileName() + ": " + e.status() + ": " + s.source() + ": " + diags);
    }
  }
}
