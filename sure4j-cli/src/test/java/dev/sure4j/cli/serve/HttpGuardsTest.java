package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.serving.AdapterServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's guards on a loopback ephemeral port: the Host allow-list, the bearer token, the refusal
 * of an open address without a token, and no CORS headers.
 */
class HttpGuardsTest {

  private static final String TOKEN = "s3cret-token";
  private static AdapterServer server;
  private static HttpApi open;
  private static HttpApi locked;

  @BeforeAll
  static void serve() throws IOException {
    server = AdapterServer.builder().setCheckpoint(Path.of(ServedAdapters.MODEL)).build();
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    open =
        HttpApi.start(
            server,
            loopback,
            RequestLimits.DEFAULT,
            new HttpOptions(2, 2, List.of("sure4j.internal"), Optional.empty(), false));
    locked =
        HttpApi.start(
            server,
            loopback,
            RequestLimits.DEFAULT,
            new HttpOptions(2, 2, List.of(), Optional.of(TOKEN), false));
  }

  @AfterAll
  static void stop() throws Exception {
    open.close();
    locked.close();
    server.close();
  }

  @Test
  void loopbackNamesAndAddedNamesAreServedWithOrWithoutAPort() throws Exception {
    int port = open.port();
    for (String host :
        List.of(
            "localhost",
            "localhost:" + port,
            "127.0.0.1",
            "127.0.0.1:" + port,
            "[::1]",
            "[::1]:" + port,
            "LocalHost",
            "sure4j.internal:" + port)) {
      RawHttp.Reply r = RawHttp.get(port, "/v1/adapters", "Host: " + host);
      assertEquals(200, r.status(), host + ": " + r.body());
    }
  }

  @Test
  void otherHostsGet421WithAOneLineJsonError() throws Exception {
    int port = open.port();
    for (String host :
        List.of(
            "evil.example",
            "evil.example:" + port,
            "localhost.evil.example",
            "127.0.0.2",
            "[::2]:" + port)) {
      for (String path : List.of("/health", "/v1/adapters", "/v1/predict/kws")) {
        RawHttp.Reply r = RawHttp.get(port, path, "Host: " + host);
        assertEquals(421, r.status(), host + " " + path + ": " + r.body());
        assertFalse(r.body().contains("\n"), r.body());
        assertTrue(r.json().get("error").getAsString().contains("does not answer"), r.body());
      }
    }
  }

  @Test
  void anEmptyHostGets400WithAOneLineJsonError() throws Exception {
    for (String path : List.of("/health", "/v1/adapters", "/v1/predict/kws")) {
      RawHttp.Reply r = RawHttp.get(open.port(), path, "Host: ");
      assertEquals(400, r.status(), path + ": " + r.body());
      assertEquals("{\"error\":\"400 Bad Request\"}", r.body());
    }
  }

  @Test
  void theTokenIsRequiredEverywhereButHealth() throws Exception {
    int port = locked.port();
    String host = "Host: localhost";
    assertEquals(200, RawHttp.get(port, "/health", host).status());
    for (String auth :
        List.of("", "Authorization: Bearer wrong", "Authorization: Basic " + TOKEN, "X-A: b")) {
      for (String path : List.of("/v1/adapters", "/v1/predict/kws", "/nothing")) {
        RawHttp.Reply r = RawHttp.get(port, path, host, auth.isEmpty() ? "X-None: 1" : auth);
        assertEquals(401, r.status(), auth + " " + path + ": " + r.body());
        assertEquals("Bearer", r.headers().get("www-authenticate"), r.headers().toString());
        assertFalse(r.body().contains(TOKEN), r.body());
      }
    }
    RawHttp.Reply ok = RawHttp.get(port, "/v1/adapters", host, "Authorization: Bearer " + TOKEN);
    assertEquals(200, ok.status(), ok.body());
    RawHttp.Reply lower = RawHttp.get(port, "/v1/adapters", host, "authorization: bearer " + TOKEN);
    assertEquals(200, lower.status(), lower.body());
  }

  @Test
  void anOpenAddressWithoutATokenIsRefusedUnlessInsecureIsAsked() {
    InetSocketAddress any = new InetSocketAddress("0.0.0.0", 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                HttpApi.checkAuth(any, new HttpOptions(1, 1, List.of(), Optional.empty(), false)));
    assertTrue(e.getMessage().contains("--insecure-no-auth"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    HttpApi.checkAuth(any, new HttpOptions(1, 1, List.of(), Optional.of(TOKEN), false));
    HttpApi.checkAuth(any, new HttpOptions(1, 1, List.of(), Optional.empty(), true));
    HttpApi.checkAuth(new InetSocketAddress("127.0.0.1", 0), HttpOptions.loopback(1));
  }

  @Test
  void noCorsHeadersAreSent() throws Exception {
    for (String path : List.of("/health", "/v1/adapters", "/v1/predict/kws", "/nothing")) {
      RawHttp.Reply r =
          RawHttp.get(open.port(), path, "Host: localhost", "Origin: http://evil.example");
      for (String name : r.headers().keySet()) {
        assertFalse(name.startsWith("access-control-"), path + ": " + r.headers());
      }
    }
  }
}
