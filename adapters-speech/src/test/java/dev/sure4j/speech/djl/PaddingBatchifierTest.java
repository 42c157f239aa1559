package dev.sure4j.speech.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Waveforms of different lengths pad to the longest with the padding value, lengths beside. */
class PaddingBatchifierTest {

  @Test
  void padsToTheLongestAndKeepsTheLengths() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList a =
          new NDList(m.create(new float[] {1, 2, 3}, new Shape(1, 3)), m.create(new long[] {3}));
      NDList b =
          new NDList(
              m.create(new float[] {4, 5, 6, 7, 8}, new Shape(1, 5)), m.create(new long[] {5}));
      NDList batch = new PaddingBatchifier(-1f).batchify(new NDList[] {a, b});
      assertEquals(new Shape(2, 5), batch.get(0).getShape());
      assertArrayEquals(
          new float[] {1, 2, 3, -1, -1, 4, 5, 6, 7, 8}, batch.get(0).toFloatArray(), 0f);
      assertArrayEquals(new long[] {3, 5}, batch.get(1).toLongArray());
    }
  }

  @Test
  void unbatchifyKeepsABatchOfOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList out =
          new NDList(
              m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)),
              m.create(new long[] {7, 9}));
      NDList[] items = new PaddingBatchifier(0f).unbatchify(out);
      assertEquals(2, items.length);
      assertEquals(new Shape(1, 3), items[1].get(0).getShape());
      assertArrayEquals(new float[] {4, 5, 6}, items[1].get(0).toFloatArray(), 0f);
      assertArrayEquals(new long[] {9}, items[1].get(1).toLongArray());
    }
  }

  @Test
  void anUnbatchedWaveformIsRefused() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList flat = new NDList(m.create(new float[] {1, 2}), m.create(new long[] {2}));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new PaddingBatchifier(0f).batchify(new NDList[] {flat}));
      assertEquals(
          "an input must be a waveform [1, samples] and its length [1], not [(2), (1)]",
          e.getMessage());
    }
  }
}
