package dev.sure4j.cli.jshell;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sure4j shell}: JShell with sure4j on the class path and the common imports of {@code
 * examples/jshell/imports.jsh}. The {@code ./sure4j} launcher starts {@code jshell} itself; this
 * command does the same when the command line runs from a plain {@code java -cp ...}, with this
 * VM's class path.
 */
@Command(
    name = "shell",
    description =
        "Open JShell with sure4j on the class path and the common imports; arguments go to jshell"
            + " (e.g. a script: examples/jshell/01-encode.jsh). See docs/jshell.md.")
public final class ShellCommand implements Callable<Integer> {

  /** The start-up script with the common imports, relative to the repository root. */
  public static final String IMPORTS = "examples/jshell/imports.jsh";

  @Parameters(paramLabel = "ARG", description = "jshell options or scripts")
  private List<String> args = new ArrayList<>();

  /** Creates the command; picocli fills in the arguments. */
  public ShellCommand() {}

  /**
   * The {@code jshell} command line.
   *
   * @param classPath the class path of the snippets
   * @param args further jshell options and scripts
   * @return the command and its arguments
   */
  public static List<String> jshellCommand(String classPath, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("jshell");
    cmd.add("--class-path");
    cmd.add(classPath);
    cmd.add("-R-Dai.djl.offline=true");
    cmd.add("--startup");
    cmd.add("DEFAULT");
    cmd.add("--startup");
    cmd.add(IMPORTS);
    cmd.addAll(args);
    return cmd;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!new File(IMPORTS).isFile()) {
      throw new IllegalArgumentException(
          IMPORTS + " not found: run sure4j shell from the repository root");
    }
    String classPath = System.getProperty("java.class.path");
    return new ProcessBuilder(jshellCommand(classPath, args)).inheritIO().start().waitFor();
  }
}
