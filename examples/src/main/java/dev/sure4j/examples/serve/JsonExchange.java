package dev.sure4j.examples.serve;

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
 * {"error": "..."}} with the status of the {@link HttpError} it throws (500 for anything else), so
 * no request can take the server down.
 */
abstract class JsonExchange implements HttpHandler {

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
      } catch (IOException | RuntimeException e) {
        status = 500;
        body = error(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      send(exchange, status, body);
    }
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

  private static void send(HttpExchange exchange, int status, JsonElement body) throws IOException {
    byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
