package dev.sure4j.cli.serve;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes, sent as one connection's request (line, headers, body) to {@code ./sure4j serve}'s
 * {@link HttpApi} on a loopback port, get well-formed HTTP/1.1 replies ({@link HttpReplies}) with a
 * 1xx, 2xx or 4xx status, or 501 for a transfer coding the server does not implement (Jetty's own
 * answer, before any sure4j code), and the server closes the connection within {@link
 * #BOUND_MILLIS} of the request's end; afterwards {@code /health} still answers 200. A 500 (any
 * exception or error in a handler, see {@link JsonExchange}), another 5xx, a malformed reply or a
 * hang is a finding.
 *
 * <p>The server is reached through a real socket, as clients reach it: it is started once per class
 * on 127.0.0.1 and each input is written to a new connection whose output is then shut, so the
 * server sees the request end. It serves one trained adapter ({@code kws}) within small limits: 64
 * KiB bodies, 2 s of audio.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code
 * src/test/resources/dev/sure4j/cli/serve/HttpRequestFuzzTestInputs/exchange/} (written by {@code
 * tools/make_http_fuzz_seeds.py}); {@code JAZZER_FUZZ=1} fuzzes (docs/security.md).
 */
class HttpRequestFuzzTest {

  /** How long the server may take to answer and close after the request's last byte, ms. */
  static final long BOUND_MILLIS = 5_000;

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost");

  @RegisterExtension
  static final KwsApi KWS =
      new KwsApi(
          new RequestLimits(64 << 10, 2),
          new HttpOptions(2, 2, List.of(), Optional.empty(), false));

  @FuzzTest(maxDuration = "2m")
  void exchange(byte[] request) throws IOException {
    // the test's own connections to the server are expected; any other connection (the server
    // fetching something a request names) stays a finding of Jazzer's SSRF detector
    try (SilentCloseable allowed =
        BugDetectors.allowNetworkConnections(
            (host, port) -> port == KWS.port() && LOOPBACK.contains(host))) {
      check(request);
    }
  }

  private static void check(byte[] request) throws IOException {
    byte[] reply = send(request);
    boolean head = new String(request, StandardCharsets.ISO_8859_1).contains("HEAD");
    List<Integer> statuses = HttpReplies.statuses(reply, head);
    for (int status : statuses) {
      if (status >= 500 && status != 501 || status >= 600) {
        throw new AssertionError("status " + status + ": " + text(reply));
      }
    }
    long start = System.nanoTime();
    RawHttp.Reply health = RawHttp.get(KWS.port(), "/health", "Host: localhost");
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (health.status() != 200 || millis > 2_000) {
      throw new AssertionError("/health: " + health.status() + " after " + millis + " ms");
    }
  }

  /** Writes the request, shuts the output and reads until the server closes, within the bound. */
  private static byte[] send(byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", KWS.port())) {
      s.setSoTimeout((int) BOUND_MILLIS);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
        s.shutdownOutput();
      } catch (IOException e) {
        // the server may close before reading everything (headers too large): read what it sent
      }
      long deadline = System.nanoTime() + BOUND_MILLIS * 1_000_000;
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          all.write(buffer, 0, n);
          if (System.nanoTime() > deadline) {
            throw new AssertionError("still sending after " + BOUND_MILLIS + " ms");
          }
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError(
            "no close within " + BOUND_MILLIS + " ms; sent: " + text(all.toByteArray()), e);
      } catch (IOException e) {
        // a reset after the server closed: what arrived before it is checked
      }
      return all.toByteArray();
    }
  }

  private static String text(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 400), StandardCharsets.ISO_8859_1);
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
