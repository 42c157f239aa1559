package dev.sure4j.cli.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sure4j.speech.device.NativeAllocator;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.serving.ServerStats;
import dev.sure4j.speech.whisper.WhisperSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The HTTP API over an {@link AdapterServer}: {@code POST /v1/predict/{adapter}}, {@code GET
 * /v1/adapters} and {@code GET /health}; or over a {@link WhisperSession}: {@code POST
 * /v1/transcribe/{adapter}} and {@code GET /health}; written against the JDK's {@link HttpServer}
 * interface and served by Jetty ({@link JettyHttp}) on a bounded pool of threads (each decodes its
 * request's audio, then waits for the batch worker). Closing it stops the server and its threads;
 * the {@link AdapterServer} stays open for its owner to close.
 */
public final class HttpApi implements AutoCloseable {

  private final HttpServer http;

  private HttpApi(HttpServer http) {
    this.http = http;
  }

  /**
   * Binds and starts the API.
   *
   * @param server the adapters to serve
   * @param address host and port; port 0 picks a free one
   * @param limits the request limits
   * @param threads request threads, at least 1
   * @return the running API
   * @throws IOException when the address cannot be bound
   */
  public static HttpApi start(
      AdapterServer server, InetSocketAddress address, RequestLimits limits, int threads)
      throws IOException {
    return start(server, address, limits, HttpOptions.loopback(threads));
  }

  /**
   * Binds and starts the API with its guards: the {@code Host} allow-list, the bearer token and the
   * in-flight cap, and the per-connection timeouts ({@link ServerTuning}).
   *
   * @param server the adapters to serve
   * @param address host and port; port 0 picks a free one
   * @param limits the request limits
   * @param options threads, in-flight cap, allowed hosts and token
   * @return the running API
   * @throws IOException when the address cannot be bound
   * @throws IllegalArgumentException when a non-loopback address is to be bound without a token and
   *     without {@link HttpOptions#insecureNoAuth()}
   */
  public static HttpApi start(
      AdapterServer server, InetSocketAddress address, RequestLimits limits, HttpOptions options)
      throws IOException {
    return bind(
        address,
        options,
        "POST /v1/predict/{adapter}, GET /v1/adapters, GET /health",
        new PredictHandler(server, limits),
        () -> health(server),
        Map.of("/v1/adapters", () -> adapters(server)));
  }

  /**
   * Binds and starts the API of a Whisper model: {@code POST /v1/transcribe/{adapter}} ({@code
   * base} for no adapter) and {@code GET /health}, with the same guards as {@link
   * #start(AdapterServer, InetSocketAddress, RequestLimits, HttpOptions)}.
   *
   * @param session the Whisper model and its adapters
   * @param address host and port; port 0 picks a free one
   * @param limits the request limits
   * @param options threads, in-flight cap, allowed hosts and token
   * @return the running API
   * @throws IOException when the address cannot be bound
   */
  public static HttpApi start(
      WhisperSession session, InetSocketAddress address, RequestLimits limits, HttpOptions options)
      throws IOException {
    return bind(
        address,
        options,
        "POST /v1/transcribe/{adapter}, GET /health",
        new TranscribeHandler(session, limits),
        () -> whisperHealth(session),
        Map.of());
  }

  /**
   * Binds the server: the audio endpoint, {@code /health} (unguarded by the token), other GET
   * endpoints, and a 404 naming the endpoints for any other path.
   */
  private static HttpApi bind(
      InetSocketAddress address,
      HttpOptions options,
      String endpoints,
      AudioExchange post,
      Answer health,
      Map<String, Answer> gets)
      throws IOException {
    checkAuth(address, options);
    boolean loopback = isLoopback(address);
    HttpServer http = JettyHttp.create(address, options.threads(), options.tuning());
    Guards guards = new Guards(loopback, options);
    guards.add(http.createContext(post.contextPath(), post), true);
    gets.forEach(
        (path, answer) -> guards.add(http.createContext(path, get(endpoints, answer)), true));
    guards.add(http.createContext("/health", get(endpoints, health)), false);
    guards.add(http.createContext("/", get(endpoints, () -> null)), true);
    http.start();
    return new HttpApi(http);
  }

  /**
   * Refuses a non-loopback address without a token, unless {@link HttpOptions#insecureNoAuth()}.
   *
   * @param address the address to bind
   * @param options the server's options
   * @throws IllegalArgumentException with a one-line reason when the address would be open to
   *     anyone
   */
  public static void checkAuth(InetSocketAddress address, HttpOptions options) {
    if (!isLoopback(address) && options.token().isEmpty() && !options.insecureNoAuth()) {
      throw new IllegalArgumentException(
          "refusing to serve "
              + address.getHostString()
              + " without a token: pass --token (or set SURE4J_TOKEN), or --insecure-no-auth");
    }
  }

  private static boolean isLoopback(InetSocketAddress address) {
    return address.getAddress() != null && address.getAddress().isLoopbackAddress();
  }

  /**
   * Returns the port the API listens on (the chosen one when started with port 0).
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /** A GET-only JSON endpoint; a null answer means an unknown path (404). */
  private interface Answer {
    JsonElement get();
  }

  private static JsonExchange get(String endpoints, Answer answer) {
    return new JsonExchange() {
      @Override
      JsonElement answer(HttpExchange exchange) throws HttpError {
        JsonElement body = answer.get();
        if (body == null
            || !exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
          throw new HttpError(
              404,
              "no endpoint " + exchange.getRequestURI().getPath() + "; endpoints: " + endpoints);
        }
        requireMethod(exchange, "GET");
        return body;
      }
    };
  }

  private static JsonElement adapters(AdapterServer server) {
    JsonArray list = new JsonArray();
    server
        .adapters()
        .forEach(
            (name, task) -> {
              JsonObject o = new JsonObject();
              o.addProperty("name", name);
              o.addProperty("task", task.name());
              o.addProperty("type", task.type().id());
              o.addProperty("metric", task.metric());
              list.add(o);
            });
    JsonObject o = new JsonObject();
    o.add("adapters", list);
    return o;
  }

  private static JsonElement health(AdapterServer server) {
    ServerStats s = server.stats();
    JsonObject o = new JsonObject();
    o.addProperty("status", "ok");
    o.addProperty("allocator", NativeAllocator.current().label());
    o.addProperty("adapters", server.adapters().size());
    o.addProperty("requests", s.requests());
    o.addProperty("passes", s.passes());
    o.addProperty("failed", s.failed());
    return o;
  }

  private static JsonElement whisperHealth(WhisperSession session) {
    JsonObject o = new JsonObject();
    o.addProperty("status", "ok");
    o.addProperty("allocator", NativeAllocator.current().label());
    JsonArray names = new JsonArray();
    session.names().forEach(names::add);
    o.add("adapters", names);
    return o;
  }

  /**
   * Stops accepting connections, lets running exchanges finish for up to 5 s, and stops the
   * threads.
   */
  @Override
  public void close() {
    http.stop(0);
  }
}
