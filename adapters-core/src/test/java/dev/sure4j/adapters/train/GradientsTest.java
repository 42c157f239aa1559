package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import dev.sure4j.adapters.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientsTest {

  /** A parameter of three ones whose gradient is {@code g} (the gradient of {@code sum(w * g)}). */
  private static Parameter withGradient(NDManager m, String name, float... g) {
    Parameter p = Parameters.of(name, Parameter.Type.WEIGHT, new Shape(3), Initializer.ONES);
    p.initialize(m, DataType.FLOAT32);
    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
      c.backward(p.getArray().mul(m.create(g)).sum());
    }
    return p;
  }

  @Test
  void nonFiniteFindsNaNAndInfinityButNotLargeFiniteValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> params = new LinkedHashMap<>();
      // finite, but |g| sums past Float.MAX_VALUE: a sum-based test would call it infinite
      params.put("large", withGradient(m, "large", 3e38f, 3e38f, -3e38f));
      params.put("nan", withGradient(m, "nan", 1f, Float.NaN, 1f));
      params.put("fine", withGradient(m, "fine", 0.5f, -2f, 0f));
      params.put("inf", withGradient(m, "inf", Float.NEGATIVE_INFINITY, 0f, 0f));
      assertEquals(List.of("nan", "inf"), Gradients.nonFinite(params));
    }
  }

  @Test
  void clearZeroesEvenNaNWhereZeroKeepsIt() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter a = withGradient(m, "a", 1f, Float.NaN, Float.POSITIVE_INFINITY);
      Gradients.zero(List.of(a));
      NDArray kept = a.getArray().getGradient();
      assertEquals(true, kept.isNaN().any().getBoolean(), "NaN - NaN stays NaN");
      Gradients.clear(List.of(a));
      assertArrayEquals(new float[] {0, 0, 0}, a.getArray().getGradient().toFloatArray());
    }
  }

  @Test
  void largestListsTheLargestAbsoluteEntriesFirst() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> params = new LinkedHashMap<>();
      params.put("small", withGradient(m, "small", 0.5f, -1f, 0f));
      params.put("negative", withGradient(m, "negative", 1f, -7f, 2f));
      params.put("middle", withGradient(m, "middle", 3f, 0f, 0f));
      Map<String, Double> largest = Gradients.largest(params, 2);
      assertEquals(List.of("negative", "middle"), List.copyOf(largest.keySet()));
      assertEquals(7.0, largest.get("negative"));
      assertEquals(3.0, largest.get("middle"));
    }
  }
}
