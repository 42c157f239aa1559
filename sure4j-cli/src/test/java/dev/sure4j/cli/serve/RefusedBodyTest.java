package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body is read (an unknown adapter, a wrong method, a missing token)
 * leaves the connection usable: the server drops the rest of the body before it answers, so a
 * client that reuses the connection for its next request (as {@link java.net.http.HttpClient} does,
 * and which it does not retry for a POST) gets an answer instead of a closed connection. A body
 * over the drain bound gets {@code Connection: close}, so no client reuses that connection.
 */
class RefusedBodyTest {

  private static HttpServer http;
  private static int port;

  @BeforeAll
  static void serve() throws IOException {
    http = JettyHttp.create(new InetSocketAddress("127.0.0.1", 0), 2, ServerTuning.DEFAULT);
    http.createContext(
        "/refuse",
        new JsonExchange() {
          @Override
          JsonElement answer(HttpExchange exchange) throws HttpError {
            throw new HttpError(404, "no such thing");
          }
        });
    http.createContext(
        "/ok",
        new JsonExchange() {
          @Override
          JsonElement answer(HttpExchange exchange) {
            return new JsonPrimitive("fine");
          }
        });
    http.createContext(
            "/guarded",
            new JsonExchange() {
              @Override
              JsonElement answer(HttpExchange exchange) {
                return new JsonPrimitive("guarded");
              }
            })
        .getFilters()
        .add(new InFlightFilter(0));
    http.start();
    port = http.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    http.stop(0);
  }

  private static void post(OutputStream out, String path, byte[] body) throws IOException {
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static void assertSecondRequestAnswered(String refusedPath, int refusedStatus)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      byte[] clip = new byte[64_000];
      post(s.getOutputStream(), refusedPath, clip);
      RawHttp.Reply refused = RawHttp.read(s.getInputStream());
      assertEquals(refusedStatus, refused.status(), refused.body());
      assertNotEquals("close", refused.headers().get("connection"), refused.headers().toString());
      post(s.getOutputStream(), "/ok", new byte[10]);
      RawHttp.Reply next = RawHttp.read(s.getInputStream());
      assertEquals(200, next.status(), next.body());
    }
  }

  @Test
  void aRequestRefusedByItsHandlerLeavesTheConnectionUsable() throws IOException {
    for (int i = 0; i < 20; i++) {
      assertSecondRequestAnswered("/refuse", 404);
    }
  }

  @Test
  void aRequestRefusedByAFilterLeavesTheConnectionUsable() throws IOException {
    for (int i = 0; i < 20; i++) {
      assertSecondRequestAnswered("/guarded", 503);
    }
  }

  @Test
  void aBodyOverTheDrainBoundClosesTheConnectionWithItsAnswer() throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      String head =
          "POST /refuse HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + (64L << 20) + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(new byte[1 << 16]);
      s.getOutputStream().flush();
      RawHttp.Reply refused = RawHttp.read(s.getInputStream());
      assertEquals(404, refused.status(), refused.body());
      assertEquals("close", refused.headers().get("connection"), refused.headers().toString());
    }
  }
}
