package dev.sure4j.cli.serve;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@link ServerTuning} flags of {@code ./sure4j serve} (a picocli mixin): {@code
 * --header-timeout}, {@code --idle-timeout}, {@code --request-timeout} and {@code
 * --max-connections}, in seconds and counts.
 */
public final class TuningOptions {

  @Option(
      names = "--header-timeout",
      paramLabel = "SECONDS",
      defaultValue = "1.5",
      description =
          "Seconds a request's headers may take to arrive; slower connections are closed"
              + " (default ${DEFAULT-VALUE}).")
  double headerSeconds;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Seconds a connection may stay silent (default ${DEFAULT-VALUE}).")
  double idleSeconds;

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "Seconds a request may take from its headers to the end of its answer, upload"
              + " included (default ${DEFAULT-VALUE}).")
  double requestSeconds;

  @Option(
      names = "--max-connections",
      defaultValue = "256",
      description = "Most open connections; more wait to be accepted (default ${DEFAULT-VALUE}).")
  int maxConnections;

  /**
   * Returns the bounds the flags give.
   *
   * @return the tuning, with the default header size
   * @throws IllegalArgumentException naming the flag whose value is not positive
   */
  public ServerTuning tuning() {
    return new ServerTuning(
        seconds("--header-timeout", headerSeconds),
        seconds("--idle-timeout", idleSeconds),
        seconds("--request-timeout", requestSeconds),
        count(maxConnections),
        ServerTuning.DEFAULT.maxHeaderBytes());
  }

  private static Duration seconds(String flag, double value) {
    if (!(value > 0) || value > 86_400) {
      throw new IllegalArgumentException(flag + " must be in (0, 86400] seconds: " + value);
    }
    return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
  }

  private static int count(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("--max-connections must be >= 1: " + value);
    }
    return value;
  }
}
