package dev.sure4j.cli.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Requires {@code Authorization: Bearer <token>}; others get 401 with {@code WWW-Authenticate:
 * Bearer}. Tokens are compared by their SHA-256 digests with {@link MessageDigest#isEqual}, so the
 * time taken reveals neither the token's length nor its prefix.
 */
final class BearerFilter extends Filter {

  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  /**
   * Creates the filter.
   *
   * @param token the token clients must send
   */
  BearerFilter(String token) {
    this.expected = digest(token);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    String given = bearer ? header.substring(PREFIX.length()).trim() : "";
    if (!MessageDigest.isEqual(expected, digest(given)) || !bearer) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      JsonExchange.sendError(
          exchange, 401, "send the server's token as 'Authorization: Bearer <token>'");
      return;
    }
    chain.doFilter(exchange);
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String description() {
    return "bearer token";
  }
}
