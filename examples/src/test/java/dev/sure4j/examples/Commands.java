package dev.sure4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@code ./sure4j} commands in the test JVM. */
public final class Commands {

  private Commands() {}

  /**
   * Runs a command, echoes what it printed and fails the test on a non-zero exit.
   *
   * @param args the command and its arguments
   * @return what the command printed to standard output
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
