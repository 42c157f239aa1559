package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-connection bounds of the server ({@link ConnectionDeadlines}, {@link JettyHttp}) on a
 * loopback port, with a 0.5 s header timeout and a 2 s request timeout: what they close, and what
 * they must leave alone (a head sent in two parts, a quiet keep-alive connection).
 */
class ConnectionDeadlinesTest {

  private static final ServerTuning TUNING =
      new ServerTuning(
          Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(2), 16, 16_384);

  @RegisterExtension
  static final KwsApi KWS =
      new KwsApi(
          RequestLimits.DEFAULT, new HttpOptions(2, 2, List.of(), Optional.empty(), false, TUNING));

  @Test
  void aHeadSentInTwoPartsWithinTheTimeoutIsAnswered() throws Exception {
    try (Socket s = socket()) {
      write(s, "GET /health HTTP/1.1\r\nHost: local");
      Thread.sleep(300);
      write(s, "host\r\nConnection: close\r\n\r\n");
      String reply = readAll(s);
      assertTrue(reply.startsWith("HTTP/1.1 200 "), reply);
      assertTrue(reply.contains("\"status\":\"ok\""), reply);
    }
  }

  @Test
  void aHeadThatStallsIsClosedWithinTheTimeout() throws Exception {
    try (Socket s = socket()) {
      long t0 = System.nanoTime();
      write(s, "GET /health HTTP/1.1\r\nHost: localhost\r\n");
      assertEquals("", readAll(s), "closed without an answer");
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("stalled head closed after %.2f s%n", seconds);
      assertTrue(seconds >= 0.4 && seconds < 1.5, "closed after " + seconds + " s");
    }
  }

  @Test
  void aQuietKeepAliveConnectionStaysOpenForItsNextRequest() throws Exception {
    try (Socket s = socket()) {
      String request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
      write(s, request);
      assertTrue(readReply(s).startsWith("HTTP/1.1 200 "));
      Thread.sleep(1600); // three header periods without a byte
      write(s, request);
      assertTrue(readReply(s).startsWith("HTTP/1.1 200 "), "the connection was kept");
    }
  }

  @Test
  void aBodyThatTricklesIsClosedAtTheRequestTimeout() throws Exception {
    try (Socket s = socket()) {
      long t0 = System.nanoTime();
      write(
          s,
          "POST /v1/predict/kws HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\n"
              + "Content-Length: 100000\r\n\r\n");
      s.setSoTimeout(1);
      boolean closed = false;
      while (!closed && System.nanoTime() - t0 < 10_000_000_000L) {
        try {
          write(s, "RIFF");
          closed = s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
          // nothing to read yet
        } catch (IOException e) {
          closed = true;
        }
        Thread.sleep(200);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("trickled body closed after %.2f s%n", seconds);
      assertTrue(closed, "the server closed the connection");
      assertTrue(seconds >= 1.8 && seconds < 4, "closed after " + seconds + " s");
    }
  }

  @Test
  void aMalformedRequestGetsAOneLineJsonErrorWithoutTheServersName() throws Exception {
    try (Socket s = socket()) {
      write(s, "GET /health HTTP/1.1\r\nBad Header Line\r\n\r\n");
      String reply = readAll(s);
      assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
      String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
      assertEquals("{\"error\":\"400 Bad Request\"}", body);
      assertFalse(reply.toLowerCase(java.util.Locale.ROOT).contains("jetty"), reply);
    }
  }

  @Test
  void answersNameNoServer() throws Exception {
    RawHttp.Reply health = RawHttp.get(KWS.port(), "/health", "Host: localhost");
    assertEquals(200, health.status());
    assertFalse(health.headers().containsKey("server"), health.headers().toString());
    assertFalse(health.headers().containsKey("x-powered-by"), health.headers().toString());
  }

  private static Socket socket() throws IOException {
    Socket s = new Socket("127.0.0.1", KWS.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String readAll(Socket s) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    s.getInputStream().transferTo(all);
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one answer with a Content-Length body, leaving the connection open. */
  private static String readReply(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length:");
    int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
    in.readNBytes(length);
    return head.toString();
  }
}
