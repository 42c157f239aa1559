package dev.sure4j.cli.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Makes the API's {@link HttpServer}: Jetty behind the JDK's {@code com.sun.net.httpserver}
 * interface, so the handlers and filters are written once against the JDK's API while the
 * connections get what the JDK's server lacks: a header timeout, a request timeout and a connection
 * cap that act per connection ({@link ConnectionDeadlines}), on non-blocking I/O, so a slow client
 * costs no thread until its request head is complete.
 */
final class JettyHttp {

  /** Threads beside the request threads: the acceptor, the selector and a spare for Jetty. */
  private static final int NETWORK_THREADS = 4;

  private static final int BACKLOG = 64;

  private static final long STOP_MILLIS = 5000;

  private JettyHttp() {}

  /**
   * Creates an unstarted server bound (on start) to the address.
   *
   * @param address host and port; port 0 picks a free one
   * @param threads request threads, at least 1
   * @param tuning the per-connection bounds
   * @return the server; contexts are added with {@link HttpServer#createContext}
   * @throws IOException when the address cannot be used
   */
  static HttpServer create(InetSocketAddress address, int threads, ServerTuning tuning)
      throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(threads + NETWORK_THREADS, 2);
    pool.setName("sure4j-http");
    pool.setReservedThreads(0);
    Server server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    config.setRequestHeaderSize(tuning.maxHeaderBytes());
    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(tuning.idleTimeout().toMillis());
    connector.setAcceptQueueSize(BACKLOG);
    ConnectionDeadlines deadlines = new ConnectionDeadlines(tuning, connector.getScheduler());
    connector.addBean(deadlines, false);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(tuning.maxConnections(), connector));
    server.setErrorHandler(new JsonErrorPage());
    deadlines.setHandler(new ContextHandlerCollection());
    // stopping lets running exchanges finish, for at most STOP_MILLIS
    server.setHandler(new GracefulHandler(deadlines));
    server.setStopTimeout(STOP_MILLIS);
    JettyHttpServer http = new JettyHttpServer(server, false, config);
    // the connector above is already on the port, so bind only records the address
    http.bind(address, BACKLOG);
    return http;
  }
}
