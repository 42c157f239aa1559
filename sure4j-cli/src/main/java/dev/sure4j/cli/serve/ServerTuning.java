package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;

/**
 * The HTTP server's per-connection bounds, which no request handler can enforce because they act
 * before a handler runs or while it waits on the network.
 *
 * @param headerTimeout how long a request's head (request line and headers) may take to arrive:
 *     counted from the connection's opening for its first request, and from the first byte of each
 *     later one; checked every {@code headerTimeout}, so a later request's head is closed within
 *     two of them
 * @param idleTimeout how long a connection may stay without any byte read or written
 * @param requestTimeout how long a request may take from its head to the end of its answer (body
 *     upload and handling included)
 * @param maxConnections most open connections; more wait in the accept queue
 * @param maxHeaderBytes largest request head, in bytes; a larger one gets 431
 */
public record ServerTuning(
    Duration headerTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    int maxConnections,
    int maxHeaderBytes) {

  /** The defaults: 1.5 s for a head, 30 s idle, 60 s per request, 256 connections, 16 KiB heads. */
  public static final ServerTuning DEFAULT =
      new ServerTuning(
          Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofSeconds(60), 256, 16_384);

  /** Checks that every bound is positive. */
  public ServerTuning {
    checkArgument(positive(headerTimeout), "the header timeout must be > 0: %s", headerTimeout);
    checkArgument(positive(idleTimeout), "the idle timeout must be > 0: %s", idleTimeout);
    checkArgument(positive(requestTimeout), "the request timeout must be > 0: %s", requestTimeout);
    checkArgument(maxConnections >= 1, "max connections must be >= 1: %s", maxConnections);
    checkArgument(maxHeaderBytes >= 1024, "max header bytes must be >= 1024: %s", maxHeaderBytes);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
