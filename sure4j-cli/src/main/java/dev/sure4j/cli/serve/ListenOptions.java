package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How {@code ./sure4j serve} listens (a picocli mixin): the address ({@code --host}, {@code
 * --port}), the {@link RequestLimits} ({@code --max-body-mb}, {@code --max-seconds}) and the {@link
 * HttpOptions} ({@code --threads}, {@code --max-in-flight}, {@code --allowed-host}, {@code
 * --token}, {@code --insecure-no-auth} and the {@link TuningOptions}).
 */
public final class ListenOptions {

  @Mixin TuningOptions tuning;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--max-body-mb",
      defaultValue = "10",
      description = "Largest request body in MB (default ${DEFAULT-VALUE}).")
  int maxBodyMb;

  @Option(
      names = "--max-seconds",
      defaultValue = "30",
      description = "Longest audio in seconds (default ${DEFAULT-VALUE}).")
  double maxSeconds;

  @Option(
      names = "--threads",
      defaultValue = "8",
      description = "HTTP request threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--max-in-flight",
      defaultValue = "6",
      description =
          "Most requests handled at once; more get 503 with Retry-After: 1 (default"
              + " ${DEFAULT-VALUE}; /health is not counted).")
  int maxInFlight;

  @Option(
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "A Host header name served besides localhost, 127.0.0.1 and [::1] (repeatable; any"
              + " other Host gets 421).")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:SURE4J_TOKEN}",
      description =
          "Require 'Authorization: Bearer TOKEN' on every endpoint but /health (default: the"
              + " SURE4J_TOKEN environment variable; none when unset).")
  String token;

  @Option(
      names = "--insecure-no-auth",
      description = "Allow a non-loopback --host without a token.")
  boolean insecureNoAuth;

  /**
   * Checks the port range and the thread count.
   *
   * @throws IllegalArgumentException naming the flag that is out of range
   */
  public void check() {
    checkArgument(port >= 0 && port <= 65535, "--port must be in 0..65535: %s", port);
    checkArgument(threads >= 1, "--threads must be >= 1: %s", threads);
  }

  /**
   * Returns the limits of one request.
   *
   * @return {@code --max-body-mb} in bytes and {@code --max-seconds}
   */
  public RequestLimits limits() {
    return new RequestLimits((long) maxBodyMb << 20, maxSeconds);
  }

  /**
   * Returns the guards of the API.
   *
   * @return threads, in-flight cap, allowed hosts, token (an empty one counts as none) and tuning
   * @throws IllegalArgumentException for a value out of range or a malformed token
   */
  public HttpOptions http() {
    Optional<String> t = Optional.ofNullable(token).filter(v -> !v.isEmpty());
    return new HttpOptions(threads, maxInFlight, allowedHosts, t, insecureNoAuth, tuning.tuning());
  }

  /**
   * Returns the address to bind.
   *
   * @return {@code --host} and {@code --port}
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  /**
   * Returns the host as given, for the banner.
   *
   * @return the {@code --host} value
   */
  public String host() {
    return host;
  }
}
