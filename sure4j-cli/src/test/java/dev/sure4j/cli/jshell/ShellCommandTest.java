package dev.sure4j.cli.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.Sure4j;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sure4j shell} is listed and starts jshell as docs/jshell.md describes. */
class ShellCommandTest {

  @Test
  void theCommandLineListsShell() {
    assertTrue(Sure4j.commandLine().getSubcommands().containsKey("shell"));
  }

  @Test
  void jshellGetsTheClassPathOfflineModeTheImportsAndTheArguments() {
    assertEquals(
        List.of(
            "jshell",
            "--class-path",
            "a.jar:b.jar",
            "-R-Dai.djl.offline=true",
            "--startup",
            "DEFAULT",
            "--startup",
            "examples/jshell/imports.jsh",
            "-q",
            "x.jsh"),
        ShellCommand.jshellCommand("a.jar:b.jar", List.of("-q", "x.jsh")));
  }
}
