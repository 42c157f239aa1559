package dev.sure4j.cli.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code clients} threads, each sending {@code requests} predictions one after
 * another over HTTP, and checking every answer's text against the offline prediction.
 */
final class LoadRun {

  private final URI base;
  private final List<String> adapters;
  private final List<byte[]> clips;
  private final List<Map<String, String>> expected;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger mismatches = new AtomicInteger();

  /**
   * Creates a load run.
   *
   * @param base for example {@code http://127.0.0.1:8080}
   * @param adapters the adapters to spread requests over
   * @param clips audio files' bytes
   * @param expected per clip: adapter to the offline prediction's text
   */
  LoadRun(URI base, List<String> adapters, List<byte[]> clips, List<Map<String, String>> expected) {
    this.base = base;
    this.adapters = adapters;
    this.clips = clips;
    this.expected = expected;
  }

  int mismatches() {
    return mismatches.get();
  }

  /** Sends one request for the {@code k}-th pair of adapter and clip and checks the answer. */
  private void send(int k) throws IOException, InterruptedException {
    String adapter = adapters.get(k % adapters.size());
    int clip = (k / adapters.size()) % clips.size();
    HttpRequest r =
        HttpRequest.newBuilder(base.resolve("/v1/predict/" + adapter))
            .POST(HttpRequest.BodyPublishers.ofByteArray(clips.get(clip)))
            .build();
    HttpResponse<String> answer = client.send(r, HttpResponse.BodyHandlers.ofString());
    JsonObject o = JsonParser.parseString(answer.body()).getAsJsonObject();
    String want = expected.get(clip).get(adapter);
    if (answer.statusCode() != 200 || !o.get("text").getAsString().equals(want)) {
      mismatches.incrementAndGet();
      System.err.printf("%s on clip %d: expected '%s', got %s%n", adapter, clip, want, o);
    }
  }

  /**
   * Sends every pair of adapter and clip once, one at a time (a warm-up and first check).
   *
   * @throws Exception when a request fails
   */
  void warmUp() throws Exception {
    for (int k = 0; k < adapters.size() * clips.size(); k++) {
      send(k);
    }
  }

  /**
   * Runs the load.
   *
   * @param clients concurrent clients
   * @param requests requests per client
   * @return the latencies and throughput
   * @throws Exception when a request fails
   */
  LatencySummary run(int clients, int requests) throws Exception {
    long[] latencies = new long[clients * requests];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < requests; i++) {
                    long t = System.nanoTime();
                    send(client * 7 + i);
                    latencies[client * requests + i] = System.nanoTime() - t;
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return LatencySummary.of(latencies, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
