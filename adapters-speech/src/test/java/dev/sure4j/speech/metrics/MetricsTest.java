package dev.sure4j.speech.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against hand-worked cases; each expected number shows its working. */
class MetricsTest {

  private static final double EPS = 1e-12;

  // classes A=0, B=1, C=2, D=3 (D never occurs)
  // truth     A A A B B C
  // predicted A A B B B A
  // rows (true) x cols (pred): A: [2 1 0 0], B: [0 2 0 0], C: [1 0 0 0], D: [0 0 0 0]
  private static ConfusionMatrix sample() {
    return ConfusionMatrix.of(
        List.of("A", "B", "C", "D"), new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 1, 0});
  }

  @Test
  void confusionMatrixCells() {
    ConfusionMatrix cm = sample();
    assertEquals(2, cm.count(0, 0));
    assertEquals(1, cm.count(0, 1));
    assertEquals(2, cm.count(1, 1));
    assertEquals(1, cm.count(2, 0));
    assertEquals(0, cm.count(2, 2));
    assertEquals(6, cm.total());
    assertEquals(List.of("A", "B", "C", "D"), cm.labels());
  }

  @Test
  void accuracyAndF1() {
    ConfusionMatrix cm = sample();
    // accuracy: diagonal 2 + 2 + 0 = 4 of 6
    assertEquals(4.0 / 6, cm.accuracy(), EPS);
    // A: tp 2, support 3, predicted 3 -> 2*2 / (3 + 3) = 2/3
    assertEquals(2.0 / 3, cm.f1(0), EPS);
    // B: tp 2, support 2, predicted 3 -> 4 / 5
    assertEquals(0.8, cm.f1(1), EPS);
    // C: never predicted -> precision undefined -> 0 (zero_division=0), F1 0
    assertEquals(0.0, cm.f1(2), EPS);
    // macro over classes seen in truth or predictions (A, B, C; D left out): (2/3 + 4/5 + 0) / 3
    assertEquals((2.0 / 3 + 0.8 + 0) / 3, cm.macroF1(), EPS);
    // weighted by support 3, 2, 1: (3 * 2/3 + 2 * 4/5 + 1 * 0) / 6 = (2 + 1.6) / 6 = 0.6
    assertEquals(0.6, cm.weightedF1(), EPS);
  }

  @Test
  void perfectAndEmptyClassification() {
    ConfusionMatrix perfect =
        ConfusionMatrix.of(List.of("x", "y"), new int[] {0, 1}, new int[] {0, 1});
    assertEquals(1.0, perfect.accuracy(), EPS);
    assertEquals(1.0, perfect.macroF1(), EPS);
    ConfusionMatrix empty = ConfusionMatrix.of(List.of("x"), new int[0], new int[0]);
    assertEquals(0.0, empty.accuracy(), EPS);
    assertEquals(0.0, empty.weightedF1(), EPS);
    assertThrows(
        IllegalArgumentException.class,
        () -> ConfusionMatrix.of(List.of("x"), new int[] {1}, new int[] {0}));
  }

  @Test
  void levenshtein() {
    // kitten -> sitting: k->s, e->i, insert g = 3
    assertEquals(
        3,
        EditDistance.levenshtein(
            ErrorRate.units("kitten", true), ErrorRate.units("sitting", true)));
    assertEquals(0, EditDistance.levenshtein(List.of(), List.of()));
    assertEquals(2, EditDistance.levenshtein(List.of("a", "b"), List.of()));
  }

  @Test
  void wordErrorRate() {
    // "the cat sat" -> "the cat sit down": sat->sit, insert down = 2 edits
    // "hello world" -> "hello": delete world = 1 edit
    // corpus: (2 + 1) / (3 + 2) reference words = 0.6
    assertEquals(
        0.6,
        ErrorRate.wer(List.of("the cat sat", "hello world"), List.of("the cat sit down", "hello")),
        EPS);
  }

  @Test
  void characterErrorRate() {
    // "abc" -> "abd": 1 substitution of 3 characters
    // "ab cd" -> "abcd": delete the space, 1 edit of 5 characters
    // corpus: 2 / 8 = 0.25
    assertEquals(0.25, ErrorRate.cer(List.of("abc", "ab cd"), List.of("abd", "abcd")), EPS);
  }

  @Test
  void phonemeErrorRate() {
    // HH AH0 L OW1 -> HH AH1 L OW1 OW1: AH0->AH1 and insert OW1 = 2 edits of 4 phonemes
    assertEquals(0.5, ErrorRate.per(List.of("HH AH0 L OW1"), List.of("HH AH1 L OW1 OW1")), EPS);
  }

  @Test
  void emptyReferenceAndHypothesis() {
    // empty reference in a corpus: "" -> "x" is 1 insertion; "a b" exact; 1 / 2 reference words
    assertEquals(0.5, ErrorRate.wer(List.of("", "a b"), List.of("x", "a b")), EPS);
    // empty hypothesis: 3 deletions of 3 words
    assertEquals(1.0, ErrorRate.wer(List.of("a b c"), List.of("")), EPS);
    // nothing on either side
    assertEquals(0.0, ErrorRate.wer(List.of(""), List.of("  ")), EPS);
    // only insertions against an empty reference side
    assertEquals(Double.POSITIVE_INFINITY, ErrorRate.cer(List.of(""), List.of("ab")));
    assertThrows(IllegalArgumentException.class, () -> ErrorRate.wer(List.of("a"), List.of()));
  }

  @Test
  void intentAccuracyNeedsAllThreeSlots() {
    // utterance 1: all three right; 2: location wrong; 3: object wrong -> 1 / 3
    int[][] truth = {{1, 2, 3}, {0, 0, 0}, {5, 13, 3}};
    int[][] pred = {{1, 2, 3}, {0, 0, 1}, {5, 12, 3}};
    assertEquals(1.0 / 3, IntentAccuracy.allSlotsRight(truth, pred), EPS);
    // per-slot accuracies would be 3/3, 2/3, 2/3: the all-three rule is stricter
    assertEquals(
        0.0, IntentAccuracy.allSlotsRight(new int[][] {{0, 0, 0}}, new int[][] {{1, 0, 0}}), EPS);
  }
}
