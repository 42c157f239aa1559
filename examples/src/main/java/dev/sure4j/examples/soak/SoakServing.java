package dev.sure4j.examples.soak;

import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.serving.UnknownAdapterException;
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
 * naming the next adapter in turn, so consecutive passes switch adapters; every {@code reloadEvery}
 * requests the last adapter is removed and loaded again from its directory.
 */
final class SoakServing {

  private final AdapterServer server;
  private final Map<String, Path> adapters;
  private final List<float[]> clips;
  private final AtomicLong refused = new AtomicLong();

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
   * @param reloadEvery requests between reloads of one adapter
   * @param afterRequest called with the requests done after each answer
   * @throws Exception when a request fails for another reason than a reload in progress
   */
  void run(long requests, int clients, long reloadEvery, LongConsumer afterRequest)
      throws Exception {
    List<String> names = new ArrayList<>(adapters.keySet());
    names.sort(null);
    String reloaded = names.get(names.size() - 1);
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(
                () -> {
                  for (long r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                    String name = names.get((int) (r % names.size()));
                    try {
                      server.predict(name, clips.get((int) (r % clips.size())));
                    } catch (UnknownAdapterException e) {
                      refused.incrementAndGet(); // its adapter was being reloaded
                    }
                    long n = done.incrementAndGet();
                    if (n % reloadEvery == 0) {
                      reload(reloaded);
                    }
                    afterRequest.accept(n);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private synchronized void reload(String name) throws IOException {
    server.remove(name);
    server.load(name, adapters.get(name));
  }

  /** Returns the requests refused because their adapter was being reloaded. */
  long refused() {
    return refused.get();
  }
}
