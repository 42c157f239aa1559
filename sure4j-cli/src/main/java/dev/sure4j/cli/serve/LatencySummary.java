package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Throughput and latency percentiles of a load run.
 *
 * @param requests requests answered
 * @param seconds wall time of the run, s
 * @param p50Millis median latency, ms
 * @param p99Millis 99th percentile latency, ms
 * @param maxMillis largest latency, ms
 */
public record LatencySummary(
    int requests, double seconds, double p50Millis, double p99Millis, double maxMillis) {

  /**
   * Summarises latencies with nearest-rank percentiles.
   *
   * @param latencyNanos one latency per request, ns
   * @param seconds wall time of the run, s
   * @return the summary
   */
  public static LatencySummary of(long[] latencyNanos, double seconds) {
    checkArgument(latencyNanos.length > 0, "no latencies to summarise");
    long[] sorted = latencyNanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        sorted.length,
        seconds,
        rank(sorted, 0.50) / 1e6,
        rank(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code q} of them at or below.
   */
  static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  /**
   * Returns the throughput.
   *
   * @return requests per second
   */
  public double throughput() {
    return requests / seconds;
  }
}
