package dev.sure4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The regression guard's comparison on hand-made numbers. */
class PerfGuardTest {

  private static Map<String, Double> figures(double inference, double lora) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("inference_ms", inference);
    m.put("lora_step_ms", lora);
    return m;
  }

  @Test
  void moreThanTwentyPercentSlowerFailsThatFigureOnly() {
    // 100 -> 125 ms is +25 %: slower; 400 -> 440 ms is +10 %: within the limit
    List<PerfGuard.Verdict> v =
        PerfGuard.compare(figures(100, 400), figures(125, 440), PerfGuard.TOLERANCE);
    assertEquals(2, v.size());
    assertTrue(v.get(0).slower());
    assertEquals(0.25, v.get(0).change(), 1e-12);
    assertFalse(v.get(1).slower());
    assertEquals(0.10, v.get(1).change(), 1e-12);
    assertEquals(
        "inference_ms: baseline 100.0 ms, now 125.0 ms, +25.0 % (limit +20 %): SLOWER",
        v.get(0).line());
    assertEquals(
        "lora_step_ms: baseline 400.0 ms, now 440.0 ms, +10.0 % (limit +20 %): ok",
        v.get(1).line());
  }

  @Test
  void exactlyTwentyPercentPassesAndFasterPasses() {
    // 100 -> 120 ms is at the limit, not beyond; 400 -> 300 ms is 25 % faster
    List<PerfGuard.Verdict> v =
        PerfGuard.compare(figures(100, 400), figures(120, 300), PerfGuard.TOLERANCE);
    assertFalse(v.get(0).slower());
    assertFalse(v.get(1).slower());
    assertEquals(-0.25, v.get(1).change(), 1e-12);
    // 100 -> 120.1 ms is beyond it
    assertTrue(PerfGuard.compare(figures(100, 400), figures(120.1, 400), 0.2).get(0).slower());
  }

  @Test
  void aFigureMissingFromTheMeasurementIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PerfGuard.compare(figures(100, 400), Map.of("inference_ms", 90.0), 0.2));
    assertEquals("figure 'lora_step_ms' is in the baseline but was not measured", e.getMessage());
  }

  @Test
  void aZeroBaselineIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PerfGuard.compare(figures(0, 400), figures(100, 400), 0.2));
    assertTrue(e.getMessage().contains("'inference_ms'"), e.getMessage());
  }
}
