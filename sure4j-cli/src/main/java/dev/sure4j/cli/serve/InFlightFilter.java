package dev.sure4j.cli.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * Caps the requests handled at once: when all permits are taken, a request gets 503 with {@code
 * Retry-After: 1} at once instead of waiting for a thread.
 */
final class InFlightFilter extends Filter {

  private final Semaphore permits;
  private final int max;

  /**
   * Creates the filter.
   *
   * @param max most requests at once, at least 1
   */
  InFlightFilter(int max) {
    this.permits = new Semaphore(max);
    this.max = max;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (!permits.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      JsonExchange.sendError(
          exchange, 503, "the server is handling " + max + " requests; retry in a second");
      return;
    }
    try {
      chain.doFilter(exchange);
    } finally {
      permits.release();
    }
  }

  @Override
  public String description() {
    return "in-flight cap";
  }
}
