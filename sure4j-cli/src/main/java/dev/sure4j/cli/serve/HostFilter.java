package dev.sure4j.cli.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Serves only requests whose {@code Host} header names an allowed host, with or without a port: the
 * loopback names ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) and the names added with
 * {@code --allowed-host}. Others get 421 (Misdirected Request), so a web page that rebinds its DNS
 * name to 127.0.0.1 cannot reach a loopback server.
 */
final class HostFilter extends Filter {

  /** The names a loopback server answers to. */
  static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> allowed;

  /**
   * Creates the filter.
   *
   * @param extra names allowed besides the loopback ones
   */
  HostFilter(List<String> extra) {
    this.allowed =
        Stream.concat(LOOPBACK_NAMES.stream(), extra.stream())
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || !allowed.contains(hostName(host))) {
      JsonExchange.sendError(
          exchange,
          421,
          "this server does not answer to that Host; allowed: "
              + allowed.stream().sorted().collect(Collectors.joining(", ")));
      return;
    }
    chain.doFilter(exchange);
  }

  /**
   * Returns the host part of a {@code Host} header, lower case, without its port.
   *
   * @param header the header's value
   * @return the name, an IPv4 address or a bracketed IPv6 address
   */
  static String hostName(String header) {
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  @Override
  public String description() {
    return "Host allow-list";
  }
}
