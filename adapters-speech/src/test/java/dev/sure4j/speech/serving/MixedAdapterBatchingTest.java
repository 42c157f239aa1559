package dev.sure4j.speech.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests for different adapters queued together share one backbone pass when their methods mix
 * (LoRA {@code kws} and bottleneck {@code intent}), and each answer equals that adapter's answer
 * with one utterance per pass (same text, probabilities within {@value
 * MicroBatchingTest#TOLERANCE}); a prefix adapter ({@code emotion}) keeps a pass of its own.
 */
class MixedAdapterBatchingTest {

  private static AdapterServer mixing;
  private static AdapterServer single;
  private static List<float[]> waves;

  @BeforeAll
  static void start() throws Exception {
    Map<String, Path> dirs = TrainedAdapters.dirs();
    mixing =
        TrainedAdapters.server(8)
            .optMaxWait(Duration.ofMillis(500))
            .optMixAdapters(true)
            .optAdapters(dirs)
            .build();
    single = TrainedAdapters.server(1).optAdapters(dirs).build();
    waves = TrainedAdapters.waves(mixing, 2);
  }

  @AfterAll
  static void close() throws Exception {
    mixing.close();
    single.close();
  }

  /** Submits every clip for each adapter in turn; checks the answers; returns the passes used. */
  private static long run(List<String> adapters) {
    ServerStats before = mixing.stats();
    List<CompletableFuture<Prediction>> futures = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; futures.size() < 8; i++) {
      String name = adapters.get(i % adapters.size());
      futures.add(mixing.submit(name, waves.get(i % waves.size())));
      names.add(name);
    }
    double worst = 0;
    for (int k = 0; k < futures.size(); k++) {
      Prediction alone = single.predict(names.get(k), waves.get(k % waves.size()));
      worst =
          Math.max(worst, MicroBatchingTest.assertClose(alone, futures.get(k).join(), "req " + k));
    }
    long passes = mixing.stats().passes() - before.passes();
    System.out.printf(
        "%s: 8 requests in %d passes; largest probability difference to one-utterance passes"
            + " %.2e%n",
        adapters, passes, worst);
    return passes;
  }

  @Test
  void loraAndBottleneckRequestsShareOnePass() {
    assertEquals(1, run(List.of("kws", "intent")));
  }

  @Test
  void aPrefixAdapterFallsBackToItsOwnPass() {
    assertEquals(2, run(List.of("kws", "emotion", "intent")));
  }
}
