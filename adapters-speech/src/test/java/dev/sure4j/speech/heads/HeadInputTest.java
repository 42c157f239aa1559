package dev.sure4j.speech.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a head's {@link NDList} becomes a {@link HeadInput}. */
class HeadInputTest {

  @Test
  void readsASpeechEncodersOutputsFollowedByTheSampleLengths() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray last = m.ones(new Shape(2, 3, 4));
      NDArray mask = m.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
      NDArray h0 = m.zeros(new Shape(2, 3, 4));
      NDArray samples = m.create(new long[] {1200, 800});
      HeadInput in = HeadInput.of(new NDList(last, mask, h0, last, samples));
      assertSame(last, in.lastHiddenState());
      assertEquals(List.of(h0, last), in.hiddenStates());
      assertSame(mask, in.frameMask().orElseThrow());
      assertArrayEquals(new long[] {2, 1}, in.frameLengths().orElseThrow().toLongArray());
      assertTrue(HeadInput.hasFrameMask(new Shape(2, 3, 4), new Shape(2, 3), new Shape(2, 3, 4)));
    }
  }

  @Test
  void aLoneHiddenStateHasNoMaskNorLayers() {
    try (NDManager m = NDManager.newBaseManager()) {
      HeadInput in = HeadInput.of(new NDList(m.ones(new Shape(1, 5, 2))));
      assertTrue(in.hiddenStates().isEmpty());
      assertTrue(in.frameMask().isEmpty());
      assertTrue(in.frameLengths().isEmpty());
      assertFalse(HeadInput.hasFrameMask(new Shape(1, 5, 2), new Shape(1)));
    }
  }

  @Test
  void aMaskOfTheWrongShapeIsNamed() {
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> HeadInput.of(new NDList(m.ones(new Shape(2, 3, 4)), m.ones(new Shape(2, 7)))));
      assertEquals("frame mask must be [batch=2, frames=3], got (2, 7)", e.getMessage());
    }
  }
}
