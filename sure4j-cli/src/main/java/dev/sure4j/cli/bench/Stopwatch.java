package dev.sure4j.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Timing helpers of the serving benchmark: medians and the machine's load at a figure. */
final class Stopwatch {

  private Stopwatch() {}

  /** Runs {@code action} and returns its wall time in milliseconds. */
  static double millis(Runnable action) {
    long t0 = System.nanoTime();
    action.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  /** The median of the values (the upper one of an even count). */
  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** The smallest value. */
  static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return "load " + String.join(", ", Arrays.copyOf(f, 3));
    } catch (IOException e) {
      return "load unknown";
    }
  }
}
