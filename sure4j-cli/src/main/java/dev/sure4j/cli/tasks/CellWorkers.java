package dev.sure4j.cli.tasks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.sure4j.cli.results.MethodResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs quickstart cells in worker processes, each a JVM of its own with one libtorch thread.
 *
 * <p>Why processes and one thread each: a cell's seed is set through the engine's global random
 * generator, so two cells cannot train at once in one process; and on the mini backbone's small
 * matrices one libtorch thread does more work per core than two (a LoRA row of the quickstart: 141
 * s of CPU on one thread, 96 s of wall-clock and 192 s of CPU on two), so two one-thread cells at
 * once finish sooner than one two-thread cell after another.
 *
 * <p>A worker is the same {@code ./sure4j} command line with {@code --worker}: it plans the same
 * cells, reads cell indices from its standard input, one a line, trains each and answers with the
 * cell's console line, then a line {@value #ROW} and the row as JSON. Its standard error is this
 * process's.
 */
final class CellWorkers {

  /** The prefix of a worker's result line. */
  static final String ROW = "@row ";

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private CellWorkers() {}

  /** Trains one cell by its index in the plan. */
  @FunctionalInterface
  interface CellRunner {
    /**
     * Trains the cell.
     *
     * @param index the cell's index in the plan
     * @return its row
     * @throws Exception when the cell cannot be trained
     */
    MethodResult run(int index) throws Exception;
  }

  /** Receives each finished cell, in the order they finish. */
  @FunctionalInterface
  interface Finished {
    /**
     * Takes one finished cell.
     *
     * @param index the cell's index in the plan
     * @param row its row
     * @throws IOException when the row cannot be recorded
     */
    void accept(int index, MethodResult row) throws IOException;
  }

  /**
   * The worker side: serves cell indices from {@code in} until it ends.
   *
   * @param in the cell indices, one a line
   * @param out the console; each cell's row follows its console lines
   * @param runner trains a cell
   * @throws Exception when a cell cannot be trained
   */
  static void serve(InputStream in, PrintStream out, CellRunner runner) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      MethodResult row = runner.run(Integer.parseInt(line.trim()));
      out.println(ROW + GSON.toJson(row));
      out.flush();
    }
  }

  /**
   * Runs the cells on {@code jobs} workers, the costliest first (by steps), and hands each row to
   * {@code finished}. The workers' console lines are copied to {@code console}.
   *
   * @param cells the plan
   * @param todo the indices of the cells to run
   * @param jobs worker processes, at least 2
   * @param mainClass the command line's main class
   * @param args the command's arguments, from the command name on; each worker gets them and {@code
   *     --worker}
   * @param console where the workers' console lines go
   * @param finished receives each row, one call at a time
   * @throws IOException when a worker cannot start or ends before answering; the message names the
   *     cell
   * @throws InterruptedException when interrupted while waiting
   */
  static void run(
      List<QuickstartCell> cells,
      List<Integer> todo,
      int jobs,
      String mainClass,
      List<String> args,
      PrintStream console,
      Finished finished)
      throws IOException, InterruptedException {
    Queue<Integer> queue = new ConcurrentLinkedQueue<>();
    todo.stream()
        .sorted(
            (a, b) ->
                Long.compare(cells.get(b).config().maxSteps(), cells.get(a).config().maxSteps()))
        .forEach(queue::add);
    List<Process> processes = new ArrayList<>();
    for (int j = 0; j < jobs; j++) {
      processes.add(
          new ProcessBuilder(command(mainClass, args))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start());
    }
    // an interrupted command (Ctrl-C) takes its workers with it
    Thread stopWorkers = new Thread(() -> processes.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(stopWorkers);
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (Process p : processes) {
        workers.add(pool.submit(() -> work(p, cells, queue, console, finished)));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
      }
    } finally {
      queue.clear();
      processes.forEach(Process::destroyForcibly); // only a failure leaves one running
      pool.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(stopWorkers);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  /** Feeds one worker cells from the queue until it is empty, then lets the worker end. */
  private static Void work(
      Process p,
      List<QuickstartCell> cells,
      Queue<Integer> queue,
      PrintStream console,
      Finished finished)
      throws IOException, InterruptedException {
    try (Writer toWorker = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader fromWorker =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (Integer index = queue.poll(); index != null; index = queue.poll()) {
        toWorker.write(index + "\n");
        toWorker.flush();
        MethodResult row = null;
        while (row == null) {
          String line = fromWorker.readLine();
          if (line == null) {
            QuickstartCell c = cells.get(index);
            throw new IOException(
                String.format(
                    Locale.ROOT,
                    "quickstart worker ended (exit code %d) while training %s %s seed %d",
                    p.waitFor(),
                    c.task().name(),
                    c.method().cliName(),
                    c.seed()));
          }
          if (line.startsWith(ROW)) {
            row = GSON.fromJson(line.substring(ROW.length()), MethodResult.class);
          } else {
            console.println(line);
          }
        }
        synchronized (finished) {
          finished.accept(index, row);
        }
      }
    }
    p.waitFor(); // its input ended: it exits
    return null;
  }

  /** The worker's command line: this JVM's options, one libtorch thread, the same arguments. */
  private static List<String> command(String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-agentlib:jdwp")) { // a debugger's port is this JVM's
        cmd.add(option);
      }
    }
    cmd.add("-Dai.djl.pytorch.num_threads=1");
    cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    cmd.add("--worker");
    return cmd;
  }
}
