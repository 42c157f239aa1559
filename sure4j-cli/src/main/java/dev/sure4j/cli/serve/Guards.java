package dev.sure4j.cli.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import java.util.List;

/**
 * The filters in front of the API's handlers, in order: the {@code Host} allow-list (on a loopback
 * address, or when names were added), the bearer token (when one is set) and the in-flight cap.
 * {@code /health} passes only the first, so it answers while the server is saturated.
 */
final class Guards {

  private final HostFilter host;
  private final BearerFilter bearer;
  private final InFlightFilter inFlight;

  /**
   * Creates the filters one server shares across its contexts.
   *
   * @param loopback whether the server is bound to a loopback address
   * @param options the server's options
   */
  Guards(boolean loopback, HttpOptions options) {
    this.host =
        loopback || !options.allowedHosts().isEmpty()
            ? new HostFilter(options.allowedHosts())
            : null;
    this.bearer = options.token().map(BearerFilter::new).orElse(null);
    this.inFlight = new InFlightFilter(options.maxInFlight());
  }

  /**
   * Puts the filters in front of one context.
   *
   * @param context the context
   * @param guarded whether the token and the in-flight cap apply (false for {@code /health})
   */
  void add(HttpContext context, boolean guarded) {
    List<Filter> filters = context.getFilters();
    if (host != null) {
      filters.add(host);
    }
    if (guarded && bearer != null) {
      filters.add(bearer);
    }
    if (guarded) {
      filters.add(inFlight);
    }
  }
}
