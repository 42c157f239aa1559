package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.serving.AdapterServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Clients that trickle one byte per 200 ms of a request head on a few sockets of 127.0.0.1 neither
 * stop {@code /health} from answering in under a second nor keep their sockets: the header timeout
 * (0.5 s here; 1.5 s by default, which {@code HostileServeTest} measures) closes them in under 2 s.
 */
class SlowClientTest {

  private static final int TRICKLERS = 3;
  private static final long TICK_MS = 200;

  /** The defaults but a 0.5 s header timeout, so a loaded machine's delays fit the 2 s bound. */
  private static final ServerTuning TUNING =
      new ServerTuning(
          Duration.ofMillis(500),
          ServerTuning.DEFAULT.idleTimeout(),
          ServerTuning.DEFAULT.requestTimeout(),
          ServerTuning.DEFAULT.maxConnections(),
          ServerTuning.DEFAULT.maxHeaderBytes());

  @Test
  void tricklersAreClosedAndHealthAnswersThroughout() throws Exception {
    try (AdapterServer server =
            AdapterServer.builder().setCheckpoint(Path.of(ServedAdapters.MODEL)).build();
        HttpApi api =
            HttpApi.start(
                server,
                new InetSocketAddress("127.0.0.1", 0),
                RequestLimits.DEFAULT,
                new HttpOptions(8, 6, List.of(), Optional.empty(), false, TUNING))) {
      List<Socket> sockets = new ArrayList<>();
      long t0 = System.nanoTime();
      try {
        for (int i = 0; i < TRICKLERS; i++) {
          sockets.add(Tricklers.open(api.port()));
        }
        long deadline = t0 + 10_000_000_000L;
        int polls = 0;
        int ticks = 0;
        double slowest = 0;
        while (sockets.stream().anyMatch(s -> !s.isClosed())
            && System.nanoTime() < deadline
            && ticks < 500) {
          ticks++;
          for (Socket s : sockets) {
            Tricklers.trickle(s);
          }
          if (ticks % 2 == 0) {
            long h0 = System.nanoTime();
            RawHttp.Reply health = RawHttp.get(api.port(), "/health", "Host: localhost");
            double seconds = (System.nanoTime() - h0) / 1e9;
            slowest = Math.max(slowest, seconds);
            assertEquals(200, health.status(), health.body());
            polls++;
          }
          Thread.sleep(TICK_MS);
        }
        double closedAfter = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "trickling sockets closed after %.2f s; slowest /health %.3f s%n",
            closedAfter, slowest);
        assertTrue(slowest < 1, "the slowest /health took " + slowest + " s");
        assertTrue(polls >= 2, "polled /health " + polls + " times");
        for (Socket s : sockets) {
          assertTrue(s.isClosed(), "the server closed every trickling socket in time");
        }
        assertTrue(closedAfter < 2, "the tricklers were closed after " + closedAfter + " s");
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}
