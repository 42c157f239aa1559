package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import picocli.CommandLine;

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

  /**
   * The arguments of a short quickstart: one epoch, at least two steps.
   *
   * @param model the backbone
   * @param corpus the corpus root
   * @param tasks the {@code --task} value
   * @param methods the {@code --method} value
   * @param out the output directory
   * @param extra more options
   * @return the command line after {@code ./sure4j}
   */
  public static String[] quickstartArgs(
      String model, Path corpus, String tasks, String methods, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "quickstart",
                "--model",
                model,
                "--data",
                corpus.toString(),
                "--task",
                tasks,
                "--method",
                methods,
                "--epochs",
                "1",
                "--min-steps",
                "2",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /**
   * What a command that is expected to fail left behind.
   *
   * @param code its exit code
   * @param err what it wrote to picocli's error stream
   */
  public record Outcome(int code, String err) {}

  /**
   * Runs a command with its error stream captured, whatever its exit code.
   *
   * @param args the command line after {@code ./sure4j}
   * @return the exit code and the error text
   */
  public static Outcome execute(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Sure4j.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, err.toString());
  }

  /**
   * Runs {@code train} on a backbone and a data path, expecting it to be refused: exit code 1 and
   * an error without a stack trace.
   *
   * @param model the backbone
   * @param data the {@code --data} path
   * @param more the options after {@code --data}
   * @return the error text
   */
  public static String trainRefused(String model, Path data, String... more) {
    List<String> args =
        new ArrayList<>(List.of("train", "--model", model, "--data", data.toString()));
    args.addAll(List.of(more));
    Outcome run = execute(args.toArray(String[]::new));
    String text = run.err();
    assertEquals(1, run.code(), text);
    assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    return text;
  }

  /**
   * Runs one command object (not the whole {@code ./sure4j} tree) with its error stream captured.
   *
   * @param command the picocli command
   * @param err receives picocli's error stream
   * @param args the command's arguments
   * @return the exit code
   */
  public static int execute(Object command, StringWriter err, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  /**
   * Runs {@code evaluate} on one adapter and checks that it exited with 0.
   *
   * @param model the backbone
   * @param adapter the adapter directory
   * @param data the task's manifest directory
   * @param out the metrics JSON to write
   * @return the standard output
   */
  private static String evaluate(String model, Path adapter, Path data, Path out) {
    return run(
        "evaluate",
        "--model",
        model,
        "--adapter",
        adapter.toString(),
        "--data",
        data.toString(),
        "--out",
        out.toString());
  }

  /**
   * Reads a JSON object file a command wrote.
   *
   * @param file the file
   * @return its object
   * @throws IOException when it cannot be read
   */
  public static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  /**
   * Runs {@code evaluate} on the adapter a {@code train} run wrote and checks that it reproduces
   * the test accuracy the run saved in its {@code metrics.json}.
   *
   * @param model the backbone
   * @param run the {@code train --out} directory
   * @param data the task's manifest directory
   * @param evaluated the metrics JSON {@code evaluate} writes
   * @return evaluate's standard output
   * @throws IOException when a JSON file cannot be read
   */
  public static String evaluateReproducesAccuracy(String model, Path run, Path data, Path evaluated)
      throws IOException {
    double score = json(run.resolve("metrics.json")).get("score").getAsDouble();
    String text = evaluate(model, run.resolve("adapter"), data, evaluated);
    assertEquals(
        score,
        json(evaluated).getAsJsonObject("metrics").get("accuracy").getAsDouble(),
        1e-12,
        "evaluate reproduces the test score train reported");
    return text;
  }
}
