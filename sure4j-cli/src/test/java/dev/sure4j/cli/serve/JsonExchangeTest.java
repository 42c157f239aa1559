package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Failures inside a handler: any {@link Throwable} is a one-line JSON 500 that names no class or
 * path and the server keeps answering; error texts lose their paths; the in-flight cap answers 503
 * at once.
 */
class JsonExchangeTest {

  private static JsonExchange throwing(Supplier<Throwable> failure) {
    return new JsonExchange() {
      @Override
      JsonElement answer(HttpExchange exchange) {
        Throwable t = failure.get();
        if (t == null) {
          return new JsonPrimitive("fine");
        }
        throw sneaky(t);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void everyThrowableIsAOneLine500ThatNamesNoClassOrPath() throws Exception {
    List<Throwable> failures =
        List.of(
            new OutOfMemoryError("Java heap space"),
            new StackOverflowError(),
            new NegativeArraySizeException("-8"),
            new IllegalStateException("cannot open /usr/local/bin/ffmpeg"),
            new IOException("/tmp/sure4j-request-123.bin: truncated"),
            new AssertionError("x"));
    HttpServer http =
        JettyHttp.create(new InetSocketAddress("127.0.0.1", 0), 2, ServerTuning.DEFAULT);
    int[] next = {0};
    http.createContext("/fail", throwing(() -> failures.get(next[0]++ % failures.size())));
    http.createContext("/health", throwing(() -> null));
    http.start();
    try {
      int port = http.getAddress().getPort();
      for (int i = 0; i < failures.size(); i++) {
        RawHttp.Reply r = RawHttp.get(port, "/fail", "Host: localhost");
        assertEquals(500, r.status(), r.body());
        assertFalse(r.body().contains("\n"), r.body());
        assertEquals(JsonExchange.INTERNAL_ERROR, r.json().get("error").getAsString());
        RawHttp.Reply health = RawHttp.get(port, "/health", "Host: localhost");
        assertEquals(200, health.status(), "after " + failures.get(i));
      }
    } finally {
      http.stop(0);
    }
  }

  @Test
  void errorTextsLoseTheirPathsAndLineBreaks() {
    assertEquals(
        "cannot decode: <path> exited with 1: Invalid data",
        ErrorText.clean("cannot decode: /usr/bin/ffmpeg exited with 1:\nInvalid data"));
    assertEquals("<path>: truncated", ErrorText.clean("C:\\Users\\x\\AppData\\tmp.wav: truncated"));
    assertEquals("request body: 3.00 s", ErrorText.clean("request body: 3.00 s"));
    assertEquals("", ErrorText.clean(null));
    assertEquals(ErrorText.MAX_CHARS, ErrorText.clean("x".repeat(10_000)).length());
  }

  @Test
  void requestsOverTheInFlightCapGet503AtOnce() throws Exception {
    Semaphore entered = new Semaphore(0);
    Semaphore release = new Semaphore(0);
    HttpServer http =
        JettyHttp.create(new InetSocketAddress("127.0.0.1", 0), 4, ServerTuning.DEFAULT);
    http.createContext(
            "/slow",
            throwing(
                () -> {
                  entered.release();
                  try {
                    release.tryAcquire(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return null;
                }))
        .getFilters()
        .add(new InFlightFilter(1));
    http.start();
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      int port = http.getAddress().getPort();
      var first = client.submit(() -> RawHttp.get(port, "/slow", "Host: localhost"));
      assertTrue(entered.tryAcquire(10, TimeUnit.SECONDS), "the first request started");
      long t0 = System.nanoTime();
      RawHttp.Reply busy = RawHttp.get(port, "/slow", "Host: localhost");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(503, busy.status(), busy.body());
      assertEquals("1", busy.headers().get("retry-after"));
      assertTrue(seconds < 2, "answered in " + seconds + " s");
      release.release();
      assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
      release.release();
      // the filter frees its slot just after the first reply is written, so the client may see
      // that reply a moment before the slot is free: capacity must come back within a second
      int status = 503;
      for (long end = System.nanoTime() + 1_000_000_000L;
          status == 503 && System.nanoTime() < end; ) {
        status = RawHttp.get(port, "/slow", "Host: localhost").status();
        release.release();
      }
      assertEquals(200, status);
    } finally {
      release.release(10);
      client.shutdownNow();
      http.stop(0);
    }
  }
}
