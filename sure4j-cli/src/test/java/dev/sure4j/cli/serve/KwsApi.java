package dev.sure4j.cli.serve;

import dev.sure4j.speech.serving.AdapterServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The HTTP API over {@link ServedAdapters#kwsServer()} on a free port of 127.0.0.1, started before
 * a test class's first test and closed after its last (register it as a static field with {@code
 * RegisterExtension}).
 */
final class KwsApi implements BeforeAllCallback, AfterAllCallback {

  private final RequestLimits limits;
  private final HttpOptions options;
  private AdapterServer server;
  private HttpApi api;

  /**
   * Describes the API to start.
   *
   * @param limits the request limits
   * @param options threads, in-flight cap, hosts, token and connection tuning
   */
  KwsApi(RequestLimits limits, HttpOptions options) {
    this.limits = limits;
    this.options = options;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = ServedAdapters.kwsServer();
    api = HttpApi.start(server, new InetSocketAddress("127.0.0.1", 0), limits, options);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    api.close();
    server.close();
  }

  /**
   * Returns the port the API listens on.
   *
   * @return the port on 127.0.0.1
   */
  int port() {
    return api.port();
  }
}
