package dev.sure4j.cli.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes the connections that hold the server without ever finishing a request: the header and
 * request timeouts of {@link ServerTuning}, which Jetty leaves to the application (its idle timeout
 * is reset by every byte, so a client that trickles a byte a second would keep a connection for
 * ever).
 *
 * <p>Each connection is watched from its opening ({@link Connection.Listener}). Every {@link
 * ServerTuning#headerTimeout()} a check looks at the bytes the connection has read: a connection
 * whose head was already under way at the previous check (its opening counts as the start of the
 * first head) and that has not reached a handler since is closed. A connection that sent nothing
 * since its last answer is left to the idle timeout. Once a request reaches a handler (this
 * wrapper, which sits in front of every context), the checks pause and a single {@link
 * ServerTuning#requestTimeout()} runs until the answer is complete; then the checks start again for
 * the next request on the connection.
 */
final class ConnectionDeadlines extends Handler.Wrapper implements Connection.Listener {

  private final long headerMillis;
  private final long requestMillis;
  private final Scheduler scheduler;
  private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

  /**
   * Creates the deadlines of one connector.
   *
   * @param tuning the timeouts
   * @param scheduler the connector's scheduler
   */
  ConnectionDeadlines(ServerTuning tuning, Scheduler scheduler) {
    this.headerMillis = tuning.headerTimeout().toMillis();
    this.requestMillis = tuning.requestTimeout().toMillis();
    this.scheduler = scheduler;
  }

  @Override
  public void onOpened(Connection connection) {
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    watch.awaitHead(true);
  }

  @Override
  public void onClosed(Connection connection) {
    Watch watch = watches.remove(connection);
    if (watch != null) {
      watch.stop();
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Watch watch = watches.get(request.getConnectionMetaData().getConnection());
    if (watch == null) {
      return super.handle(request, response, callback);
    }
    watch.handling();
    return super.handle(
        request,
        response,
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            super.succeeded();
            watch.awaitHead(false);
          }

          @Override
          public void failed(Throwable x) {
            super.failed(x);
            watch.awaitHead(false);
          }
        });
  }

  /** The state of one connection: between requests, in a head, or in a handler. */
  private final class Watch {

    private final Connection connection;
    private Scheduler.Task task;
    private long bytesSeen;
    private boolean headUnderWay;
    private boolean inHandler;

    Watch(Connection connection) {
      this.connection = connection;
    }

    /** Starts the head checks: from the opening (a head is under way) or after an answer. */
    synchronized void awaitHead(boolean opening) {
      cancel();
      inHandler = false;
      headUnderWay = opening;
      bytesSeen = connection.getBytesIn();
      task = scheduler.schedule(this::check, headerMillis, TimeUnit.MILLISECONDS);
    }

    /** A request reached its handler: only the request timeout runs until its answer. */
    synchronized void handling() {
      cancel();
      inHandler = true;
      task = scheduler.schedule(this::requestExpired, requestMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
      cancel();
    }

    private synchronized void check() {
      if (inHandler) {
        return;
      }
      long bytes = connection.getBytesIn();
      if (headUnderWay) {
        connection.getEndPoint().close();
        return;
      }
      headUnderWay = bytes > bytesSeen;
      bytesSeen = bytes;
      task = scheduler.schedule(this::check, headerMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void requestExpired() {
      if (inHandler) {
        connection.getEndPoint().close();
      }
    }

    private void cancel() {
      if (task != null) {
        task.cancel();
        task = null;
      }
    }
  }
}
