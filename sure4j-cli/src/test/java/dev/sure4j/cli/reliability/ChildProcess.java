package dev.sure4j.cli.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A {@code ./sure4j} command in a child JVM on the test class path, whose standard output goes to a
 * file and whose standard error is watched line by line, so that a test can kill it with SIGKILL at
 * a chosen moment.
 */
final class ChildProcess implements AutoCloseable {

  /** The exit code of a process killed by SIGKILL (128 + 9). */
  static final int SIGKILL_EXIT = 137;

  private final Process process;
  private final AtomicInteger markers = new AtomicInteger();
  private final List<String> stderrTail = new ArrayList<>();

  private ChildProcess(Process process, String marker) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  if (line.startsWith(marker)) {
                    markers.incrementAndGet();
                  }
                  synchronized (stderrTail) {
                    stderrTail.add(line);
                    if (stderrTail.size() > 20) {
                      stderrTail.remove(0);
                    }
                  }
                }
              } catch (IOException e) {
                // the process was killed; its pipe is gone
              }
            },
            "child-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code dev.sure4j.cli.Sure4j} with the given arguments.
   *
   * @param properties system properties of the child
   * @param stdout where its standard output goes
   * @param marker the standard-error line prefix to count
   * @param args the command line after {@code ./sure4j}
   * @return the running child
   * @throws IOException when the JVM cannot start
   */
  static ChildProcess start(
      Map<String, String> properties, Path stdout, String marker, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-XX:TieredStopAtLevel=1"); // starts faster; the work is in native code
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("dev.sure4j.cli.Sure4j");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile());
    pb.environment().put("CI", "true");
    return new ChildProcess(pb.start(), marker);
  }

  /** Returns how many marker lines the child has printed so far. */
  int markers() {
    return markers.get();
  }

  /** Returns whether the child is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Kills the child with {@link Process#destroyForcibly()} and waits for it.
   *
   * @return its exit code: {@value #SIGKILL_EXIT} when SIGKILL ended it
   * @throws InterruptedException when interrupted while waiting
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /**
   * Waits for the child to end by itself.
   *
   * @param seconds the longest wait
   * @return its exit code
   * @throws InterruptedException when interrupted
   * @throws IllegalStateException when it runs longer, after killing it
   */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      kill();
      throw new IllegalStateException("the child ran longer than " + seconds + " s");
    }
    return process.exitValue();
  }

  /** Returns the last lines of the child's standard error, for failure messages. */
  String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * Lists the hidden temporary siblings ({@code .<name>.tmp-*}) in the given directories.
   *
   * @param dirs directories, present or not
   * @return the paths found
   * @throws IOException when a directory cannot be listed
   */
  static List<Path> temporaryEntries(Path... dirs) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.list(d)) {
          s.filter(p -> p.getFileName().toString().matches("\\..+\\.tmp-[0-9a-f]+"))
              .forEach(out::add);
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
