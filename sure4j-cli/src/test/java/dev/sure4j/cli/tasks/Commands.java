package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sure4j.cli.Sure4j;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a {@code ./sure4j} command in-process for the command tests. */
public final class Commands {

  private Commands() {}

  /**
   * Runs a command, echoes and returns what it printed, and checks that it exited with 0.
   *
   * @param args the command line after {@code ./sure4j}
   * @return the standard output
   */
  public static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Sure4j.commandLine().execute(args);
    } finally {
      System.setOut(old);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertEquals(0, code, "exit code of " + List.of(args));
    return text;
  }
}
