package dev.sure4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
   * Writes the rows as CSV with {@link MethodResult#CSV_HEADER}, atomically (a temporary file in
   * the same directory, then a rename), creating the directory if needed.
   *
   * @param rows the results
   * @param file the CSV file
   * @throws IOException when the file cannot be written
   */
  public static void writeCsv(List<MethodResult> rows, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>();
    lines.add(MethodResult.CSV_HEADER);
    rows.forEach(r -> lines.add(r.toCsv()));
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
