package dev.sure4j.cli.results;

import dev.sure4j.adapters.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Prints results as an aligned table and writes them as CSV. */
public final class ResultsTable {

  private ResultsTable() {}

  /**
   * Prints the rows as an aligned text table.
   *
   * @param rows the results
   * @param out where to print
   */
  public static void print(List<MethodResult> rows, PrintStream out) {
    String format = "%-18s %9s %16s %11s %10s%n";
    out.printf(
        Locale.ROOT, format, "method", "accuracy", "trainable params", "trainable%", "train s");
    out.printf(
        Locale.ROOT,
        format,
        "-".repeat(18),
        "-".repeat(9),
        "-".repeat(16),
        "-".repeat(11),
        "-".repeat(10));
    for (MethodResult r : rows) {
      out.printf(
          Locale.ROOT,
          format,
          r.method(),
          String.format(Locale.ROOT, "%.1f%%", 100 * r.score()),
          String.format(Locale.ROOT, "%,d", r.trainableParams()),
          String.format(Locale.ROOT, "%.2f%%", r.trainablePercent()),
          String.format(Locale.ROOT, "%.1f", r.trainSeconds()));
    }
  }

  /**
   * Prints a method x task table: one row per method with its score on every task (the task's
   * metric, accuracies in percent, error rates as fractions), the mean over the tasks, its
   * trainable share on the first task and its training time summed over the tasks. With several
   * runs (seeds) per method and task, a cell shows the mean and the sample standard deviation,
   * {@code 90.1±1.2%}, and the time is the mean per seed.
   *
   * <p>The {@code mean} column averages the tasks' scores with error rates counted as {@code 1 -
   * rate}, in percent, so that higher is better for every method; a task without a score for a
   * method leaves the mean empty. MCD (text to speech, lower is better) is shown but left out of
   * the mean.
   *
   * @param rows the results, in run order
   * @param out where to print
   */
  public static void printByTask(List<MethodResult> rows, PrintStream out) {
    Map<String, String> metricOf = new LinkedHashMap<>();
    Map<String, Map<String, List<MethodResult>>> byMethod = new LinkedHashMap<>();
    for (MethodResult r : rows) {
      metricOf.putIfAbsent(r.task(), r.metric());
      byMethod
          .computeIfAbsent(r.method(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.task(), k -> new ArrayList<>())
          .add(r);
    }
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "method"));
    StringBuilder rule = new StringBuilder("-".repeat(22));
    metricOf.forEach(
        (task, metric) -> {
          header.append(String.format(Locale.ROOT, " %14s", task + " " + shortName(metric)));
          rule.append(" ").append("-".repeat(14));
        });
    header.append(String.format(Locale.ROOT, " %7s %11s %9s", "mean", "trainable%", "train s"));
    rule.append(" ").append("-".repeat(7));
    rule.append(" ").append("-".repeat(11)).append(" ").append("-".repeat(9));
    out.println(header);
    out.println(rule);
    byMethod.forEach(
        (method, perTask) -> {
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", method));
          double seconds = 0;
          double goodness = 0;
          boolean complete = true;
          MethodResult first = null;
          for (String task : metricOf.keySet()) {
            List<MethodResult> runs = perTask.getOrDefault(task, List.of());
            SeedStats stats = SeedStats.of(runs);
            line.append(String.format(Locale.ROOT, " %14s", runs.isEmpty() ? "-" : cell(stats)));
            if (!runs.isEmpty()) {
              seconds += runs.stream().mapToDouble(MethodResult::trainSeconds).sum() / runs.size();
              first = first == null ? runs.get(0) : first;
              goodness +=
                  inMean(metricOf.get(task))
                      ? (stats.higherIsBetter() ? stats.mean() : 1 - stats.mean())
                      : 0;
            }
            complete &=
                !inMean(metricOf.get(task)) || (!runs.isEmpty() && !Double.isNaN(stats.mean()));
          }
          long meanTasks = metricOf.keySet().stream().filter(t -> inMean(metricOf.get(t))).count();
          line.append(
              String.format(
                  Locale.ROOT,
                  " %7s %11s %9.1f",
                  complete && meanTasks > 0
                      ? String.format(Locale.ROOT, "%.1f", 100 * goodness / meanTasks)
                      : "-",
                  first == null
                      ? "-"
                      : String.format(Locale.ROOT, "%.2f%%", first.trainablePercent()),
                  seconds));
          out.println(line);
        });
  }

  /** Whether a metric counts in the mean column: MCD (lower is better) has no 0-1 scale. */
  private static boolean inMean(String metric) {
    return !metric.equals("mcd");
  }

  private static String shortName(String metric) {
    return metric.equals("accuracy") ? "acc" : metric;
  }

  private static String cell(SeedStats s) {
    if (Double.isNaN(s.mean())) {
      return "failed";
    }
    boolean percent = s.higherIsBetter();
    double scale = percent ? 100 : 1;
    String mean = String.format(Locale.ROOT, percent ? "%.1f" : "%.3f", scale * s.mean());
    String sd =
        s.runs() > 1
            ? String.format(Locale.ROOT, percent ? "±%.1f" : "±%.3f", scale * s.stdDev())
            : "";
    return mean + sd + (percent ? "%" : "");
  }

  /**
   * Finds the earlier run of one cell that scored, for {@code quickstart --resume} (a failed run,
   * with a NaN score, is trained again).
   *
   * @param earlier the rows read from an earlier {@code results.csv}
   * @param task the task name
   * @param method the method label
   * @param seed the run's seed
   * @param learningRate the run's peak learning rate
   * @return the first matching row with a score, or empty
   */
  public static Optional<MethodResult> scoredRun(
      List<MethodResult> earlier, String task, String method, long seed, double learningRate) {
    return earlier.stream()
        .filter(
            r ->
                r.task().equals(task)
                    && r.method().equals(method)
                    && r.seed() == seed
                    && r.learningRate() == learningRate
                    && !Double.isNaN(r.score()))
        .findFirst();
  }

  /**
   * Reads a CSV written by {@link #writeCsv}.
   *
   * @param file the CSV file
   * @return its rows, in file order
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when the header differs from {@link MethodResult#CSV_HEADER}
   *     or a line does not parse; the message names the file and the line number
   */
  public static List<MethodResult> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(MethodResult.CSV_HEADER)) {
      throw new IllegalArgumentException(
          file + ": line 1 is not the results header '" + MethodResult.CSV_HEADER + "'");
    }
    List<MethodResult> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        rows.add(MethodResult.fromCsv(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }

  /**
   * Writes the rows as CSV with {@link MethodResult#CSV_HEADER}, atomically (a temporary file in
   * the same directory, then a rename), creating the directory if needed.
   *
   * @param rows the results
   * @param file the CSV file
   * @throws IOException when the file cannot be written
   */
  public static void writeCsv(List<MethodResult> rows, Path file) throws IOException {
    StringBuilder csv = new StringBuilder(MethodResult.CSV_HEADER).append(System.lineSeparator());
    rows.forEach(r -> csv.append(r.toCsv()).append(System.lineSeparator()));
    AtomicFiles.writeString(file, csv.toString());
  }
}
