package dev.sure4j.speech.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.ctc.Vocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The intent and CTC evaluators on hand-worked batches. */
class TaskEvaluatorsTest {

  @Test
  void intentAccuracyNeedsAllThreeSlotsRight() {
    try (NDManager m = NDManager.newBaseManager()) {
      IntentEvaluator ev = new IntentEvaluator();
      // predictions (arg-max): action [0, 1, 1], object [2, 0, 1], location [1, 1, 0]
      NDList logits =
          new NDList(
              m.create(new float[][] {{5, 1}, {0, 3}, {0, 2}}),
              m.create(new float[][] {{0, 0, 9}, {4, 1, 1}, {0, 7, 1}}),
              m.create(new float[][] {{0, 1}, {1, 2}, {3, 1}}));
      // truth: [0,2,1] (all right), [1,0,0] (location wrong), [0,1,0] (action wrong)
      NDArray truth = m.create(new long[] {0, 2, 1, 1, 0, 0, 0, 1, 0}, new Shape(3, 3));
      ev.update(logits, new NDList(truth));
      Map<String, Double> r = ev.metrics();
      assertEquals(1 / 3.0, r.get("accuracy"), 1e-12);
      assertEquals(2 / 3.0, r.get("action_accuracy"), 1e-12);
      assertEquals(1.0, r.get("object_accuracy"), 1e-12);
      assertEquals(2 / 3.0, r.get("location_accuracy"), 1e-12);
    }
  }

  @Test
  void ctcGreedyTranscriptsAreScoredByWordAndCharacter() {
    Vocabulary v =
        Vocabulary.of(List.of("<pad>", "<unk>", "|", "a", "b", "c"), Vocabulary.Kind.CHARACTERS);
    try (NDManager m = NDManager.newBaseManager()) {
      // utterance 0 path: a a _ b | c -> "ab c"; utterance 1 path: c _ c (then padding) -> "cc"
      int[][] paths = {{3, 3, 0, 4, 2, 5}, {5, 0, 5, 0, 0, 0}};
      float[] scores = new float[2 * 6 * 6];
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 6; t++) {
          for (int k = 0; k < 6; k++) {
            scores[(b * 6 + t) * 6 + k] = k == paths[b][t] ? 0f : -10f;
          }
        }
      }
      NDList predictions =
          new NDList(m.create(scores, new Shape(2, 6, 6)), m.create(new long[] {6, 3}));
      // references: "ab c" and "c"
      NDArray targets = m.create(new long[] {3, 4, 2, 5, 5, 0, 0, 0}, new Shape(2, 4));
      NDList labels = new NDList(targets, m.create(new long[] {4, 1}));
      CtcEvaluator ev = new CtcEvaluator(v);
      ev.update(predictions, labels);
      assertEquals("ab c", ev.transcripts().get(0)[1]);
      assertEquals("cc", ev.transcripts().get(1)[1]);
      Map<String, Double> r = ev.metrics();
      // words: "ab c" vs "ab c" 0 errors of 2; "c" vs "cc" 1 substitution of 1 -> 1/3
      assertEquals(1 / 3.0, r.get("wer"), 1e-12);
      // characters: 0 of 4 ("ab c" with the space), 1 insertion of 1 -> 1/5
      assertEquals(1 / 5.0, r.get("cer"), 1e-12);
    }
  }
}
