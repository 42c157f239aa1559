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
import ai.djl.ndarray.types.DataDesc;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.model.HeadFeed;
import dev.sure4j.adapters.model.HeadLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How what a head receives becomes a {@link HeadInput}: by name, never by rank or position. */
class HeadInputTest {

  private static NDArray as(String name, NDArray a) {
    a.setName(name);
    return a;
  }

  @Test
  void readsASpeechEncodersNamedOutputsAndIgnoresTheSampleLengths() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h0 = m.zeros(new Shape(2, 3, 4));
      NDArray h1 = m.ones(new Shape(2, 3, 4));
      NDArray mask = m.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
      NDList outputs = OutputNames.encoderOutputs(mask, List.of(h0, h1));
      NDArray samples = m.create(new long[] {1200, 800});
      HeadInput in = HeadInput.of(new HeadFeed(outputs, new NDList(samples)));
      assertSame(outputs.get(0), in.lastHiddenState());
      assertEquals(List.of(h0, h1), in.hiddenStates());
      assertSame(mask, in.frameMask().orElseThrow());
      assertArrayEquals(new long[] {2, 1}, in.frameLengths().orElseThrow().toLongArray());
      // the last hidden state is the last layer's output itself (no copy), under its own name
      assertEquals("hidden_states.0", h0.getName());
      assertSame(h1, in.lastHiddenState());
      assertEquals("last_hidden_state", h1.getName());
    }
  }

  @Test
  void theMaskMayComeAsANamedModelInput() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray last = as("last_hidden_state", m.ones(new Shape(2, 3, 4)));
      NDArray mask = as("frame_mask", m.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3)));
      HeadInput in = HeadInput.of(new HeadFeed(new NDList(last), new NDList(mask)));
      assertSame(mask, in.frameMask().orElseThrow());
      // an unnamed model input is the base's own (e.g. a sample mask): no head reads it
      NDArray samples = m.ones(new Shape(2, 3));
      HeadInput without = HeadInput.of(new HeadFeed(new NDList(last), new NDList(samples)));
      assertTrue(without.frameMask().isEmpty());
    }
  }

  @Test
  void aLoneHiddenStateHasNoMaskNorLayers() {
    try (NDManager m = NDManager.newBaseManager()) {
      HeadInput in = HeadInput.of(new NDList(as("last_hidden_state", m.ones(new Shape(1, 5, 2)))));
      assertTrue(in.hiddenStates().isEmpty());
      assertTrue(in.frameMask().isEmpty());
      assertTrue(in.frameLengths().isEmpty());
    }
  }

  @Test
  void theShapePathPlacesByName() {
    Shape h = new Shape(2, 3, 4);
    HeadLayout named = new HeadLayout(List.of(OutputNames.encoderOutputs(h, 3)), List.of());
    assertTrue(HeadInput.hasFrameMask(named));
    assertEquals(h, HeadInput.lastHiddenState(named));
    HeadLayout lengthsOnly =
        new HeadLayout(
            List.of(new DataDesc(h, null, "last_hidden_state")),
            List.of(new DataDesc(new Shape(2))));
    assertFalse(HeadInput.hasFrameMask(lengthsOnly));
  }

  @Test
  void aMaskOfTheWrongShapeIsNamed() {
    assertMaskRefused(new Shape(2, 7), "frame mask must be [batch=2, frames=3], got (2, 7)");
  }

  @Test
  void aMaskOfTheWrongRankIsRefused() {
    assertMaskRefused(
        new Shape(2, 3, 1), "head input frame_mask must be [batch, frames], got (2, 3, 1)");
  }

  /** A frame mask of this shape beside states [2, 3, 4] is refused with exactly this message. */
  private static void assertMaskRefused(Shape mask, String message) {
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  HeadInput.of(
                      new NDList(
                          as("last_hidden_state", m.ones(new Shape(2, 3, 4))),
                          as("frame_mask", m.ones(mask)))));
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void aMaskUnderAnotherNameIsRefusedWithTheNamesExpected() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray last = as("last_hidden_state", m.ones(new Shape(2, 3, 4)));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> HeadInput.of(new NDList(last, as("mask", m.ones(new Shape(2, 3))))));
      assertEquals(
          "head input 'mask' (2, 3) has no place: a head reads arrays named last_hidden_state,"
              + " frame_mask or hidden_states.N, in order",
          e.getMessage());
      IllegalArgumentException unnamed =
          assertThrows(
              IllegalArgumentException.class,
              () -> HeadInput.of(new NDList(last, m.ones(new Shape(2, 3)))));
      assertTrue(unnamed.getMessage().startsWith("head input (unnamed) (2, 3) has no place"));
      IllegalArgumentException noLast =
          assertThrows(
              IllegalArgumentException.class,
              () -> HeadInput.of(new NDList(as("frame_mask", m.ones(new Shape(2, 3))))));
      assertEquals(
          "a head needs an array named last_hidden_state among the base outputs, got names"
              + " [frame_mask]",
          noLast.getMessage());
    }
  }

  @Test
  void hiddenStatesOutOfOrderAreRefused() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray last = as("last_hidden_state", m.ones(new Shape(2, 3, 4)));
      NDArray h1 = as("hidden_states.1", m.ones(new Shape(2, 3, 4)));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HeadInput.of(new NDList(last, h1)));
      assertTrue(e.getMessage().startsWith("head input 'hidden_states.1' (2, 3, 4) has no place"));
    }
  }
}
