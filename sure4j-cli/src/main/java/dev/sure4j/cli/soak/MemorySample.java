package dev.sure4j.cli.soak;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One reading of the process's memory.
 *
 * @param phase {@code start}, {@code train-<adapter>} or {@code serve}
 * @param index the training steps or requests done when it was taken
 * @param seconds seconds since the soak started
 * @param rssKib resident set size, KiB ({@code VmRSS} of {@code /proc/self/status}; -1 when the
 *     file does not exist, off Linux)
 * @param liveArrays NDArrays attached to any manager below DJL's system manager
 * @param heapUsedKib Java heap in use after a full collection ({@code System.gc()}), KiB
 */
public record MemorySample(
    String phase, long index, double seconds, long rssKib, long liveArrays, long heapUsedKib) {

  /** The CSV header matching {@link #csv()}. */
  public static final String CSV_HEADER = "phase,index,seconds,rss_kib,live_ndarrays,heap_used_kib";

  private static final Path STATUS = Path.of("/proc/self/status");

  /**
   * Takes a reading, after a full garbage collection.
   *
   * @param phase the phase's name
   * @param index steps or requests done
   * @param seconds seconds since the start
   * @return the reading
   */
  public static MemorySample take(String phase, long index, double seconds) {
    Runtime rt = Runtime.getRuntime();
    System.gc(); // so that the heap column counts reachable objects, not garbage
    return new MemorySample(
        phase,
        index,
        seconds,
        readRssKib(),
        countLiveArrays(),
        (rt.totalMemory() - rt.freeMemory()) / 1024);
  }

  /**
   * Returns the resident set size from {@code /proc/self/status}.
   *
   * @return KiB, or -1 when the file is missing or has no {@code VmRSS} line
   */
  public static long readRssKib() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Counts the NDArrays attached to every manager below the engine's system manager, as
   * MemoryStabilityTest counts those below its managers: a per-batch array left attached to a
   * long-lived manager shows up here.
   *
   * @return the live array count
   */
  public static long countLiveArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  /**
   * Returns the reading as a CSV line.
   *
   * @return the fields of {@link #CSV_HEADER}, comma-separated
   */
  public String csv() {
    return String.format(
        Locale.ROOT, "%s,%d,%.1f,%d,%d,%d", phase, index, seconds, rssKib, liveArrays, heapUsedKib);
  }
}
