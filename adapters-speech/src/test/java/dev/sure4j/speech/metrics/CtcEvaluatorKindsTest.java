package dev.sure4j.speech.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.ctc.Vocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Phoneme error rate and the slot metrics of the CTC evaluator, on hand-worked greedy paths. */
class CtcEvaluatorKindsTest {

  /** Scores whose arg-max at each frame is the path's id; {@code frames} valid frames each. */
  private static NDList predictions(NDManager m, int[][] paths, int vocab, long[] frames) {
    int b = paths.length;
    int t = paths[0].length;
    float[] scores = new float[b * t * vocab];
    for (int i = 0; i < b; i++) {
      for (int f = 0; f < t; f++) {
        for (int k = 0; k < vocab; k++) {
          scores[(i * t + f) * vocab + k] = k == paths[i][f] ? 0f : -10f;
        }
      }
    }
    return new NDList(m.create(scores, new Shape(b, t, vocab)), m.create(frames));
  }

  private static NDList labels(NDManager m, long[][] targets, long[] lengths) {
    int w = targets[0].length;
    long[] flat = new long[targets.length * w];
    for (int i = 0; i < targets.length; i++) {
      System.arraycopy(targets[i], 0, flat, i * w, w);
    }
    return new NDList(m.create(flat, new Shape(targets.length, w)), m.create(lengths));
  }

  @Test
  void phonemeErrorRateCountsPhoneEdits() {
    // ids: <pad> 0, <unk> 1, AH 2, HH 3, L 4, OW 5, EH 6
    Vocabulary v =
        Vocabulary.of(
            List.of("<pad>", "<unk>", "AH", "HH", "L", "OW", "EH"), Vocabulary.Kind.TOKENS);
    try (NDManager m = NDManager.newBaseManager()) {
      CtcEvaluator ev = new CtcEvaluator(v);
      // utterance 0: HH _ EH L L OW -> "HH EH L OW" against "HH AH L OW": 1 substitution
      // utterance 1: L (5 frames padding) -> "L" against "L OW": 1 deletion
      ev.update(
          predictions(
              m, new int[][] {{3, 0, 6, 4, 4, 5}, {4, 0, 0, 0, 0, 0}}, 7, new long[] {6, 1}),
          labels(m, new long[][] {{3, 2, 4, 5}, {4, 5, 0, 0}}, new long[] {4, 2}));
      Map<String, Double> r = ev.metrics();
      assertEquals(List.of("per", "wer", "cer"), List.copyOf(r.keySet()));
      // 2 edits over 4 + 2 reference phones
      assertEquals(2 / 6.0, r.get("per"), 1e-12);
    }
  }

  @Test
  void slotMetricsScoreTheTaggedTranscripts() {
    // ids: <pad> 0, <unk> 1, | 2, B-c 3, E-c 4, a 5, b 6
    Vocabulary v =
        Vocabulary.of(
            List.of("<pad>", "<unk>", "|", "B-c", "E-c", "a", "b"),
            Vocabulary.Kind.CHARACTER_SLOTS);
    try (NDManager m = NDManager.newBaseManager()) {
      CtcEvaluator ev = new CtcEvaluator(v);
      // utterance 0: reference "a B-c ba E-c"; path a | B-c b _ b a E-c -> "a B-c bba E-c"
      // utterance 1: reference "B-c a b E-c"; path a b -> "ab", no slot
      ev.update(
          predictions(
              m,
              new int[][] {{5, 2, 3, 6, 0, 6, 5, 4}, {5, 6, 0, 0, 0, 0, 0, 0}},
              7,
              new long[] {8, 8}),
          labels(m, new long[][] {{5, 2, 3, 6, 5, 4}, {3, 5, 2, 6, 4, 0}}, new long[] {6, 5}));
      assertEquals("a B-c bba E-c", ev.transcripts().get(0)[1]);
      assertEquals("B-c a b E-c", ev.transcripts().get(1)[0]);
      Map<String, Double> r = ev.metrics();
      assertEquals(
          List.of("slot_type_f1", "slot_value_cer", "wer", "cer"), List.copyOf(r.keySet()));
      // type F1: utterance 0 {c} vs {c} = 1, utterance 1 {c} vs {} = 0; mean 0.5
      assertEquals(0.5, r.get("slot_type_f1"), 1e-12);
      // values: "ba" vs "bba" 1 insertion; "a b" vs "" 3 deletions; over 2 + 3 characters
      assertEquals(4 / 5.0, r.get("slot_value_cer"), 1e-12);
      // plain text: "a ba" vs "a bba" (1 of 2 words, 1 of 4 characters) and "a b" vs "ab"
      // (1 substitution + 1 deletion of 2 words, 1 deletion of 3 characters)
      assertEquals(3 / 4.0, r.get("wer"), 1e-12);
      assertEquals(2 / 7.0, r.get("cer"), 1e-12);
    }
  }
}
