package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch layout, the loss on hand-computed values and the refusals of bad input. */
class WhisperTargetsTest extends ManagedTest {

  @Test
  void prefixIsIgnoredEndOfTextIsLearnedAndRowsArePadded() {
    WhisperTargets t =
        WhisperTargets.of(
            new long[] {9, 8}, List.of(new long[] {1, 2, 3}, new long[] {4}), 7, 6, 10);
    assertEquals(2, t.batch());
    assertEquals(5, t.length());
    assertArrayEquals(new long[] {9, 8, 1, 2, 3, 9, 8, 4, 6, 6}, t.inputIds());
    assertArrayEquals(new long[] {-100, 1, 2, 3, 7, -100, 4, 7, -100, -100}, t.labels());
  }

  @Test
  void aRowLongerThanTheDecoderIsRefusedByIndex() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WhisperTargets.of(
                    new long[] {9, 8}, List.of(new long[] {1}, new long[] {1, 2, 3}), 7, 7, 4));
    assertTrue(e.getMessage().contains("utterance 1"), e.getMessage());
    assertTrue(e.getMessage().contains("max_target_positions 4"), e.getMessage());
  }

  @Test
  void lossIsTheMeanOverLabelledTokensWithPyTorchSmoothing() {
    // two classes, logits 0 and ln 3: p = (1/4, 3/4); label 1 at one position, the other ignored
    NDArray logits =
        manager.create(new float[] {0, (float) Math.log(3), 5, -5}, new Shape(1, 2, 2));
    NDArray labels = manager.create(new long[] {1, -100}, new Shape(1, 2));
    double nll = -Math.log(0.75);
    double uniform = -(Math.log(0.25) + Math.log(0.75)) / 2;
    assertEquals(
        nll, new Seq2SeqLoss(0).evaluate(new NDList(labels), new NDList(logits)).getFloat(), 1e-6);
    assertEquals(
        0.8 * nll + 0.2 * uniform,
        new Seq2SeqLoss(0.2).evaluate(new NDList(labels), new NDList(logits)).getFloat(),
        1e-6);
  }

  @Test
  void badSmoothingAndMismatchedShapesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Seq2SeqLoss(1));
    NDArray logits = manager.zeros(new Shape(1, 3, 4));
    NDArray labels = manager.create(new long[] {1, 2}, new Shape(1, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Seq2SeqLoss(0).evaluate(new NDList(labels), new NDList(logits)));
    assertTrue(e.getMessage().contains("(1, 3, 4)"), e.getMessage());
  }
}
