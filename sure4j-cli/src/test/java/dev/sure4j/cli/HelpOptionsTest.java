package dev.sure4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} and {@code --version} are declared once, on {@code ./sure4j}, and every subcommand
 * inherits them: each one answers both, with the application's version.
 */
class HelpOptionsTest {

  @Test
  void everySubcommandAnswersHelpAndVersion() {
    CommandLine cli = Sure4j.commandLine();
    for (CommandLine sub : cli.getSubcommands().values()) {
      String name = sub.getCommandName();
      if (name.equals("help")) {
        continue; // picocli's own help command: it prints the others' usage
      }
      assertTrue(sub.getCommandSpec().findOption("--help") != null, name + " --help");
      assertTrue(sub.getCommandSpec().findOption("--version") != null, name + " --version");
      assertEquals("sure4j 0.1.0-SNAPSHOT\n", run(name, "--version"), name + " --version");
      assertTrue(run(name, "--help").startsWith("Usage: sure4j " + name), name + " --help");
    }
  }

  @Test
  void vocoderTrainTakesTheSharedThreadsOption() {
    String help = run("vocoder-train", "--help");
    assertTrue(help.contains("--threads=<threads>"), help);
    assertTrue(help.contains("PyTorch intra-op threads (default: 2)."), help);
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Sure4j.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute(args), String.join(" ", args));
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
