package dev.sure4j.cli.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A handler that answers every request with JSON: the body it computes with status 200, or {@code
 * {"error": "..."}} with the status of the {@link HttpError} it throws, or a 500 that names no
 * class or path for any other {@link Throwable} (even an {@link Error}), so no request can take the
 * server down. What is left of a refused request's body is dropped first ({@link UnreadBody}).
 */
abstract class JsonExchange implements HttpHandler {

  /** The body of every 500: it names no class, file or path. */
  static final String INTERNAL_ERROR = "internal error; the server logged the cause";

  /** The {@code Content-Type} of every answer. */
  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  /**
   * Computes the answer.
   *
   * @param exchange the request
   * @return the JSON body of a 200 answer
   * @throws HttpError for a request the API refuses
   * @throws IOException when the request cannot be read
   */
  abstract JsonElement answer(HttpExchange exchange) throws HttpError, IOException;

  @Override
  public final void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      JsonElement body;
      try {
        body = answer(exchange);
      } catch (HttpError e) {
        status = e.status();
        body = error(e.getMessage());
        UnreadBody.discard(exchange);
      } catch (Throwable e) { // NOPMD: any failure, even an Error, is answered, not dropped
        status = 500;
        body = error(INTERNAL_ERROR);
        logFailure(exchange, e);
        UnreadBody.discard(exchange);
      }
      send(exchange, status, body);
    }
  }

  /**
   * Answers with {@code {"error": message}}, for filters that refuse a request before a handler.
   *
   * @param exchange the request
   * @param status the HTTP status
   * @param message the one-line reason
   * @throws IOException when the answer cannot be written
   */
  static void sendError(HttpExchange exchange, int status, String message) throws IOException {
    try (exchange) {
      UnreadBody.discard(exchange);
      send(exchange, status, error(message));
    }
  }

  /** Notes a failure on the server's standard error, in one line; the client never sees it. */
  private static void logFailure(HttpExchange exchange, Throwable e) {
    System.err.printf(
        "sure4j serve: %s %s failed: %s%n",
        exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
  }

  static void requireMethod(HttpExchange exchange, String method) throws HttpError {
    if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
      exchange.getResponseHeaders().set("Allow", method);
      throw new HttpError(
          405,
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getPath()
              + ": use "
              + method);
    }
  }

  private static JsonObject error(String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    return o;
  }

  /**
   * Returns the body of every error answer, {@code {"error": message}} as UTF-8 bytes, for the
   * errors Jetty answers itself ({@link JsonErrorPage}) as for the handlers'.
   *
   * @param message the one-line reason
   * @return the JSON body
   */
  static byte[] errorBody(String message) {
    return GSON.toJson(error(message)).getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, JsonElement body) throws IOException {
    byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
