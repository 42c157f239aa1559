package dev.sure4j.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * What is left of a request body that is refused before it is read (an unknown adapter, a wrong
 * method, a missing token, a body over the limit). Jetty closes a connection whose request body was
 * left unread without saying so in the answer, and a client that then reuses the connection for its
 * next request finds it closed ({@link java.net.http.HttpClient} retries only a GET). So the rest
 * is read and dropped before the answer, at most {@link #DRAIN_BYTES}; a larger body, or one that
 * cannot be read, gets {@code Connection: close} in the answer instead, so that no client reuses
 * its connection.
 */
final class UnreadBody {

  /** The most of a refused body that is read and dropped before the answer (1 MiB). */
  static final long DRAIN_BYTES = 1L << 20;

  private UnreadBody() {}

  /**
   * Drops what is left of the request body, or marks the connection to close with the answer. Call
   * before the answer's headers are sent.
   *
   * @param exchange the refused request
   */
  static void discard(HttpExchange exchange) {
    if (!drained(exchange)) {
      exchange.getResponseHeaders().set("Connection", "close");
    }
  }

  /** Returns whether the body ended within {@link #DRAIN_BYTES}. */
  private static boolean drained(HttpExchange exchange) {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    try {
      if (declared != null && Long.parseLong(declared.trim()) > DRAIN_BYTES) {
        return false;
      }
    } catch (NumberFormatException e) {
      return false;
    }
    try {
      InputStream in = exchange.getRequestBody();
      byte[] sink = new byte[8192];
      long left = DRAIN_BYTES;
      for (int n = in.read(sink); n >= 0; n = in.read(sink)) {
        left -= n;
        if (left < 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      // a body shorter than its Content-Length, or a malformed chunk: the connection is spent
      return false;
    }
  }
}
