package dev.sure4j.cli.soak;

import dev.sure4j.speech.serving.AdapterServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The serving half of the soak: client threads send requests to one {@link AdapterServer}, each
 * naming the next adapter in turn, so consecutive passes switch adapters. The requests go in
 * rounds; between two rounds the server is idle, the round's listener runs (the soak samples memory
 * there, with no request in flight), and every {@code reloadEvery} requests the last adapter is
 * removed and loaded again from its directory.
 */
final class SoakServing {

  private final AdapterServer server;
  private final Map<String, Path> adapters;
  private final List<float[]> clips;

  SoakServing(AdapterServer server, Map<String, Path> adapters, List<float[]> clips) {
    this.server = server;
    this.adapters = Map.copyOf(adapters);
    this.clips = List.copyOf(clips);
  }

  /**
   * Sends the requests.
   *
   * @param requests how many
   * @param clients concurrent client threads
   * @param round requests per round
   * @param reloadEvery requests between reloads of one adapter, a multiple of {@code round}
   * @param afterRound called with the requests done after each round, the server idle
   * @throws Exception when a request or a reload fails
   */
  void run(long requests, int clients, long round, long reloadEvery, LongConsumer afterRound)
      throws Exception {
    List<String> names = new ArrayList<>(adapters.keySet());
    names.sort(null);
    String reloaded = names.get(names.size() - 1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (long start = 0; start < requests; start += round) {
        long end = Math.min(requests, start + round);
        AtomicLong next = new AtomicLong(start);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          futures.add(
              pool.submit(
                  () -> {
                    for (long r = next.getAndIncrement(); r < end; r = next.getAndIncrement()) {
                      server.predict(
                          names.get((int) (r % names.size())), clips.get((int) (r % clips.size())));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        if (end % reloadEvery == 0) {
          reload(reloaded);
        }
        afterRound.accept(end);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void reload(String name) throws IOException {
    server.remove(name);
    server.load(name, adapters.get(name));
  }
}
