package dev.sure4j.speech.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.tasks.SpeechSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads at once against one {@link AdapterServer} without batching ({@code maxBatchSize 1}),
 * so every answer must equal the single-threaded sequential answer bit for bit: the same label,
 * every score the same double, the same transcript.
 */
class AdapterServerConcurrencyTest {

  private static final List<String> STEADY = List.of("kws", "intent", "asr");
  private static final int THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 48;

  private static Map<String, Path> dirs;
  private static List<Path> clips;
  private static List<float[]> waves;
  private static AdapterServer server;
  private static final Map<String, List<Prediction>> reference = new LinkedHashMap<>();

  @BeforeAll
  static void serveThreeAdaptersAndAnswerSequentially() throws Exception {
    dirs = TrainedAdapters.dirs();
    clips = TrainedAdapters.clips(3);
    server = TrainedAdapters.server(1).build();
    waves = new ArrayList<>();
    for (Path c : clips) {
      waves.add(server.audio().load(c));
    }
    for (String name : List.of("kws", "intent", "asr", "emotion")) {
      server.load(name, dirs.get(name));
      List<Prediction> answers = new ArrayList<>();
      for (float[] w : waves) {
        answers.add(server.predict(name, w));
      }
      reference.put(name, answers);
    }
    server.remove("emotion");
  }

  @AfterAll
  static void close() throws Exception {
    server.close();
  }

  @Test
  void sequentialAnswersEqualTheSessionsOfflinePredictions() throws Exception {
    try (SpeechSession session = SpeechSession.open(TrainedAdapters.MODEL)) {
      for (String name : reference.keySet()) {
        session.load(name, dirs.get(name));
        for (int i = 0; i < clips.size(); i++) {
          assertEquals(
              session.predict(name, clips.get(i)),
              reference.get(name).get(i).text(),
              name + " on " + clips.get(i));
        }
      }
    }
    assertInstanceOf(ClassPrediction.class, reference.get("kws").get(0));
    assertInstanceOf(IntentPrediction.class, reference.get("intent").get(0));
    assertInstanceOf(TranscriptPrediction.class, reference.get("asr").get(0));
  }

  /** One steady request: the adapter and clip follow from the thread and request numbers. */
  private static void steadyRequest(int thread, int i) throws Exception {
    String name = STEADY.get((thread + i) % STEADY.size());
    int clip = (thread * 7 + i) % clips.size();
    Prediction p =
        i % 4 == 0 ? server.predict(name, clips.get(clip)) : server.predict(name, waves.get(clip));
    assertEquals(reference.get(name).get(clip), p, name + " on " + clips.get(clip));
  }

  private static List<Future<?>> startSteady(ExecutorService pool, int threads, CountDownLatch go) {
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              (Callable<Void>)
                  () -> {
                    go.await();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                      steadyRequest(thread, i);
                    }
                    return null;
                  }));
    }
    return futures;
  }

  @Test
  void eightThreadsGetTheSequentialAnswersBitForBit() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = startSteady(pool, THREADS, go);
      long before = server.stats().requests();
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      assertEquals(THREADS * REQUESTS_PER_THREAD, server.stats().requests() - before);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAdapterLoadedAndRemovedWhileRequestsRunNeverDisturbsThem() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = startSteady(pool, THREADS - 2, go);
      AtomicBoolean churning = new AtomicBoolean(true);
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      Future<?> churn =
          pool.submit(
              (Callable<Void>)
                  () -> {
                    go.await();
                    try {
                      for (int cycle = 0; cycle < 5; cycle++) {
                        server.load("emotion", dirs.get("emotion"));
                        for (int c = 0; c < 3; c++) {
                          int clip = (cycle + c * 5) % clips.size();
                          assertEquals(
                              reference.get("emotion").get(clip),
                              server.predict("emotion", waves.get(clip)));
                        }
                        server.remove("emotion");
                      }
                    } finally {
                      churning.set(false);
                    }
                    return null;
                  });
      Future<?> chaser =
          pool.submit(
              (Callable<Void>)
                  () -> {
                    go.await();
                    for (int i = 0; churning.get(); i++) {
                      int clip = i % clips.size();
                      try {
                        Prediction p = server.predict("emotion", waves.get(clip));
                        assertEquals(reference.get("emotion").get(clip), p, "emotion " + clip);
                        answered.incrementAndGet();
                      } catch (UnknownAdapterException e) {
                        refused.incrementAndGet();
                        Thread.sleep(2);
                      }
                    }
                    return null;
                  });
      go.countDown();
      churn.get();
      chaser.get();
      for (Future<?> f : futures) {
        f.get();
      }
      System.out.printf(
          "while 'emotion' came and went 5 times: %d of its requests answered, %d refused%n",
          answered.get(), refused.get());
      assertEquals(STEADY, List.copyOf(server.adapters().keySet()));
      UnknownAdapterException gone =
          assertThrows(
              UnknownAdapterException.class, () -> server.predict("emotion", waves.get(0)));
      assertTrue(gone.getMessage().contains("[kws, intent, asr]"), gone.getMessage());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRequestForARemovedAdapterFailsWithItsName() throws Exception {
    server.load("emotion", dirs.get("emotion"));
    var queued = server.submit("emotion", waves.get(0));
    server.remove("emotion");
    try {
      assertEquals(reference.get("emotion").get(0), queued.join(), "answered before the removal");
    } catch (CompletionException e) {
      assertInstanceOf(UnknownAdapterException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("'emotion'"), e.getCause().getMessage());
    }
  }
}
