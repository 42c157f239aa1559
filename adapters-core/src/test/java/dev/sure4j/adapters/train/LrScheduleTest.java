package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedule values against hand-computed Hugging Face values, and how DJL calls the tracker. */
class LrScheduleTest {

  @Test
  void linearWarmupThenLinearDecay() {
    // peak 1, warm-up 2, total 10: s/2 while s < 2, then (10 - s) / 8
    LrSchedule s = LrSchedule.of(LrSchedule.Kind.LINEAR, 1f, 2, 10);
    float[] expected = {0f, 0.5f, 1f, 0.875f, 0.75f, 0.625f, 0.5f, 0.375f, 0.25f, 0.125f, 0f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], s.valueAt(i), 1e-7f, "step " + i);
    }
    assertEquals(0f, s.valueAt(15), "past the end the rate stays 0");
  }

  @Test
  void cosineWarmupThenHalfCosine() {
    // progress p = (s - 2) / 8; value 0.5 * (1 + cos(pi p))
    LrSchedule s = LrSchedule.of(LrSchedule.Kind.COSINE, 2f, 2, 10);
    assertEquals(1f, s.valueAt(1), 1e-7f);
    assertEquals(2f, s.valueAt(2), 1e-6f);
    assertEquals(2f * 0.8535534f, s.valueAt(4), 1e-6f); // p = 1/4: 0.5 * (1 + 0.70710678)
    assertEquals(1f, s.valueAt(6), 1e-6f); // p = 1/2
    assertEquals(2f * 0.1464466f, s.valueAt(8), 1e-6f); // p = 3/4: 0.5 * (1 - 0.70710678)
    assertEquals(0f, s.valueAt(10), 1e-7f);
  }

  @Test
  void constantAfterWarmup() {
    LrSchedule s = LrSchedule.of(LrSchedule.Kind.CONSTANT, 0.1f, 4, 10);
    assertEquals(0.025f, s.valueAt(1), 1e-8f);
    assertEquals(0.1f, s.valueAt(4), 1e-8f);
    assertEquals(0.1f, s.valueAt(9), 1e-8f);
  }

  @Test
  void warmupRatioRoundsUpAsHuggingFace() {
    assertEquals(3, LrSchedule.withWarmupRatio(LrSchedule.Kind.LINEAR, 1f, 0.1, 25).warmupSteps());
    assertEquals(0, LrSchedule.withWarmupRatio(LrSchedule.Kind.LINEAR, 1f, 0, 25).warmupSteps());
  }

  @Test
  void djlUpdateCountIsOneBasedSoTheFirstUpdateUsesStepZero() {
    LrSchedule s = LrSchedule.of(LrSchedule.Kind.LINEAR, 1f, 2, 10);
    assertEquals(s.valueAt(0), s.getNewValue(1));
    assertEquals(s.valueAt(2), s.getNewValue(3));
    List<Integer> seen = new ArrayList<>();
    Tracker recording =
        n -> {
          seen.add(n);
          return 0.01f;
        };
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.ones(new Shape(2));
      NDArray g = m.ones(new Shape(2));
      Optimizer fresh = Optimizer.adamW().optLearningRateTracker(recording).build();
      fresh.update("w", w, g);
      fresh.update("w", w, g);
      fresh.update("v", w, g);
      Optimizer resumed =
          Optimizer.adamW().optLearningRateTracker(recording).optBeginNumUpdate(5).build();
      resumed.update("w", w, g);
    }
    // per-parameter counts from 1, but DJL returns the largest count seen over all parameters, so a
    // parameter first updated at step 2 gets 2: the count is the 1-based optimizer step
    assertEquals(List.of(1, 2, 2, 6), seen, "DJL update counts");
  }

  @Test
  void rejectsBadValues() {
    assertThrows(
        IllegalArgumentException.class, () -> LrSchedule.of(LrSchedule.Kind.LINEAR, 1f, 11, 10));
    assertThrows(
        IllegalArgumentException.class, () -> LrSchedule.of(LrSchedule.Kind.LINEAR, 0f, 0, 10));
    assertThrows(
        IllegalArgumentException.class, () -> TrainingConfig.builder().optWarmupRatio(1.5).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingConfig.builder().optGradientAccumulationSteps(0).build());
  }
}
