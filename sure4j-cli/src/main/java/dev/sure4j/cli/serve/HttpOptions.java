package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Optional;

/**
 * How the HTTP API guards itself, beside the {@link RequestLimits} of one request.
 *
 * @param threads request threads, at least 1
 * @param maxInFlight most requests handled at once (all but {@code /health}); more get 503 with
 *     {@code Retry-After: 1} at once
 * @param allowedHosts {@code Host} names served besides the loopback names ({@link HostFilter})
 * @param token the bearer token every endpoint but {@code /health} requires, if any
 * @param insecureNoAuth whether a non-loopback address may be bound without a token
 * @param tuning the per-connection timeouts and caps
 */
public record HttpOptions(
    int threads,
    int maxInFlight,
    List<String> allowedHosts,
    Optional<String> token,
    boolean insecureNoAuth,
    ServerTuning tuning) {

  /** Checks the counts and the token, and copies the host list. */
  public HttpOptions {
    checkArgument(tuning != null, "the server tuning must be set");
    checkArgument(threads >= 1, "threads must be >= 1: %s", threads);
    checkArgument(maxInFlight >= 1, "max in-flight requests must be >= 1: %s", maxInFlight);
    allowedHosts = List.copyOf(allowedHosts);
    checkArgument(
        token.map(t -> !t.isBlank() && t.chars().allMatch(c -> c > 32 && c < 127)).orElse(true),
        "the token must be non-empty printable ASCII without spaces");
  }

  /**
   * Creates options with the default {@link ServerTuning}.
   *
   * @param threads request threads, at least 1
   * @param maxInFlight most requests handled at once
   * @param allowedHosts {@code Host} names served besides the loopback names
   * @param token the bearer token, if any
   * @param insecureNoAuth whether a non-loopback address may be bound without a token
   */
  public HttpOptions(
      int threads,
      int maxInFlight,
      List<String> allowedHosts,
      Optional<String> token,
      boolean insecureNoAuth) {
    this(threads, maxInFlight, allowedHosts, token, insecureNoAuth, ServerTuning.DEFAULT);
  }

  /**
   * Returns the options of a loopback server without a token.
   *
   * @param threads request threads, which is also the in-flight cap
   * @return the options
   */
  public static HttpOptions loopback(int threads) {
    return new HttpOptions(threads, threads, List.of(), Optional.empty(), false);
  }
}
