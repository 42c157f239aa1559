package dev.sure4j.speech.tts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.testing.ManagedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("parity")
class LengthRegulatorTest extends ManagedTest {

  @Test
  void eachTokenIsRepeatedByItsDuration() {
    NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 3, 2));
    LengthRegulator.Expanded e = LengthRegulator.expand(x, new int[][] {{2, 0, 3}});
    assertEquals(new Shape(1, 5, 2), e.frames().getShape());
    assertArrayEquals(new float[] {1, 2, 1, 2, 5, 6, 5, 6, 5, 6}, e.frames().toFloatArray());
    assertArrayEquals(new int[] {5}, e.lengths());
  }

  @Test
  void aBatchIsPaddedToItsLongestUtteranceWithZeroFrames() {
    NDArray x =
        manager.create(new float[] {1, 2, 3, 10, 20, 30}, new Shape(2, 3, 1)); // [B=2, T=3, D=1]
    LengthRegulator.Expanded e = LengthRegulator.expand(x, new int[][] {{1, 1, 2}, {0, 2, 0}});
    assertEquals(new Shape(2, 4, 1), e.frames().getShape());
    assertArrayEquals(new float[] {1, 2, 3, 3, 20, 20, 0, 0}, e.frames().toFloatArray());
    assertArrayEquals(new int[] {4, 2}, e.lengths());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, e.mask().toFloatArray());
  }

  @Test
  void allZeroDurationsGiveOneEmptyFrame() {
    NDArray x = manager.create(new float[] {7, 8}, new Shape(1, 2, 1));
    LengthRegulator.Expanded e = LengthRegulator.expand(x, new int[][] {{0, 0}});
    assertArrayEquals(new float[] {0}, e.frames().toFloatArray());
    assertArrayEquals(new float[] {0}, e.mask().toFloatArray());
  }

  @Test
  void badDurationsAreRefusedWithTheirValues() {
    NDArray x = manager.zeros(new Shape(1, 2, 1));
    IllegalArgumentException neg =
        assertThrows(
            IllegalArgumentException.class, () -> LengthRegulator.expand(x, new int[][] {{1, -2}}));
    assertTrue(neg.getMessage().contains("-2"), neg.getMessage());
    IllegalArgumentException count =
        assertThrows(
            IllegalArgumentException.class, () -> LengthRegulator.expand(x, new int[][] {{1}}));
    assertTrue(count.getMessage().contains("1 durations for 2 tokens"), count.getMessage());
  }
}
