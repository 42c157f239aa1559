package dev.sure4j.speech.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests for the same adapter that are queued together share one padded backbone pass, and the
 * padding changes nothing beyond float rounding: the same labels and transcripts as one utterance
 * per pass, every class probability within {@value #TOLERANCE}.
 */
class MicroBatchingTest {

  /** Largest allowed difference of a class probability between batched and unbatched passes. */
  static final double TOLERANCE = 1e-6;

  private static final List<String> ADAPTERS = List.of("kws", "intent", "asr", "emotion");
  private static List<float[]> waves;
  private static AdapterServer batching;
  private static final Map<String, List<Prediction>> unbatched = new LinkedHashMap<>();

  @BeforeAll
  static void answerOneUtterancePerPass() throws Exception {
    Map<String, Path> dirs = TrainedAdapters.dirs();
    batching = TrainedAdapters.server(8).optMaxWait(Duration.ofMillis(50)).build();
    waves = TrainedAdapters.waves(batching, 4);
    try (AdapterServer single = TrainedAdapters.server(1).build()) {
      for (String name : ADAPTERS) {
        single.load(name, dirs.get(name));
        batching.load(name, dirs.get(name));
        List<Prediction> answers = new ArrayList<>();
        for (float[] w : waves) {
          answers.add(single.predict(name, w));
        }
        unbatched.put(name, answers);
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    batching.close();
  }

  @Test
  void theClipsHaveDifferentLengthsSoBatchesArePadded() {
    long lengths = waves.stream().mapToInt(w -> w.length).distinct().count();
    assertTrue(lengths >= 4, "distinct clip lengths: " + lengths);
  }

  @Test
  void queuedRequestsShareBackbonePassesAndAnswerAsUnbatched() {
    ServerStats before = batching.stats();
    List<CompletableFuture<Prediction>> futures = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Integer> clipOf = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      for (String name : ADAPTERS) {
        futures.add(batching.submit(name, waves.get(i)));
        names.add(name);
        clipOf.add(i);
      }
    }
    double worst = 0;
    for (int k = 0; k < futures.size(); k++) {
      Prediction expected = unbatched.get(names.get(k)).get(clipOf.get(k));
      worst = Math.max(worst, assertClose(expected, futures.get(k).join(), names.get(k)));
    }
    ServerStats after = batching.stats();
    long requests = after.requests() - before.requests();
    long passes = after.passes() - before.passes();
    System.out.printf(
        "%d requests in %d passes (mean batch %.1f); largest probability difference %.2e%n",
        requests, passes, (double) requests / passes, worst);
    assertEquals(futures.size(), requests);
    assertTrue(passes <= requests / 2, requests + " requests took " + passes + " passes");
  }

  @Test
  void aConvolutionalAdapterBatchesOnlyUtterancesOfEqualLength() {
    ServerStats before = batching.stats();
    List<CompletableFuture<Prediction>> futures = new ArrayList<>();
    List<Integer> clipOf = List.of(0, 0, 0, 0, 0, 0, 5, 9);
    assertEquals(
        3,
        Set.of(waves.get(0).length, waves.get(5).length, waves.get(9).length).size(),
        "three lengths");
    clipOf.forEach(i -> futures.add(batching.submit("asr", waves.get(i))));
    for (int k = 0; k < futures.size(); k++) {
      assertClose(unbatched.get("asr").get(clipOf.get(k)), futures.get(k).join(), "asr " + k);
    }
    assertEquals(3, batching.stats().passes() - before.passes(), "six equal clips, two others");
  }

  /** Asserts the same form and text and close scores; returns the largest score difference. */
  static double assertClose(Prediction expected, Prediction actual, String what) {
    assertEquals(expected.getClass(), actual.getClass(), what);
    assertEquals(expected.text(), actual.text(), what);
    return switch (expected.type()) {
      case CLASSIFICATION -> scoreDiff((ClassPrediction) expected, (ClassPrediction) actual, what);
      case INTENT -> intentDiff((IntentPrediction) expected, (IntentPrediction) actual, what);
      case CTC -> 0;
    };
  }

  private static double intentDiff(IntentPrediction e, IntentPrediction a, String what) {
    return Arrays.stream(
            new double[] {
              scoreDiff(e.action(), a.action(), what),
              scoreDiff(e.object(), a.object(), what),
              scoreDiff(e.location(), a.location(), what)
            })
        .max()
        .orElse(0);
  }

  private static double scoreDiff(ClassPrediction e, ClassPrediction a, String what) {
    assertEquals(e.scores().keySet(), a.scores().keySet(), what);
    double worst = 0;
    for (Map.Entry<String, Double> s : e.scores().entrySet()) {
      double d = Math.abs(s.getValue() - a.scores().get(s.getKey()));
      assertTrue(d <= TOLERANCE, what + " score of " + s.getKey() + " moved by " + d);
      worst = Math.max(worst, d);
    }
    return worst;
  }
}
