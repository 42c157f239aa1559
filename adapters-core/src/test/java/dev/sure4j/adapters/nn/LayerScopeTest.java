package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LayerScopeTest {

  /** A small layer with several intermediates: {@code gelu(x * w) * x + x}. */
  private static UnaryOperator<NDArray> layer(NDArray w) {
    return x -> Activation.gelu(x.mul(w)).mul(x).add(x);
  }

  @Test
  void keepsOnlyTheOutputAndReturnsTheInput() {
    try (NDManager root = NDManager.newBaseManager();
        NDManager batch = root.newSubManager()) {
      NDArray w = root.create(new float[] {0.5f, -1f, 2f});
      NDArray x = batch.create(new float[] {1f, 2f, 3f});
      int before = batch.getManagedArrays().size();
      NDArray y = LayerScope.run(x, layer(w));
      // the input and the output, none of the four intermediates
      assertEquals(before + 1, batch.getManagedArrays().size());
      assertSame(batch, x.getManager());
      assertSame(batch, y.getManager());
      assertTrue(batch.getManagedArrays().contains(x), "the input is back with its manager");
      assertTrue(batch.getManagedArrays().contains(y), "the output is with the input's manager");
    }
  }

  @Test
  void anInputListedTwiceOrReturnedStaysOpen() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1f, 2f});
      NDList out = LayerScope.run(new NDList(x, x), in -> new NDList(in.get(0), in.get(1).add(1f)));
      assertSame(x, out.get(0));
      assertSame(m, x.getManager());
      assertArrayEquals(new float[] {1f, 2f}, x.toFloatArray());
      assertArrayEquals(new float[] {2f, 3f}, out.get(1).toFloatArray());
    }
  }

  @Test
  void consumeClosesTheInputsTheLayerDoesNotReturn() {
    try (NDManager root = NDManager.newBaseManager();
        NDManager batch = root.newSubManager()) {
      NDArray w = root.create(new float[] {0.5f, -1f, 2f});
      NDArray x = root.create(new float[] {1f, 2f, 3f}).add(0f);
      x.attach(batch);
      NDArray y = LayerScope.consume(x, layer(w));
      assertTrue(x.isReleased(), "the consumed input is closed");
      assertEquals(1, batch.getManagedArrays().size(), "only the output stays");
      assertSame(batch, y.getManager());
      NDArray z = batch.create(new float[] {1f});
      NDArray m = batch.create(new float[] {2f});
      NDList out = LayerScope.consume(new NDList(z, m), in -> new NDList(in.get(0)));
      assertSame(z, out.singletonOrThrow());
      assertArrayEquals(new float[] {1f}, z.toFloatArray(), "a returned input stays open");
      assertTrue(m.isReleased(), "the other input is closed");
    }
  }

  @Test
  void gradientsEqualThoseOfTheUnscopedLayer() {
    float[] wv = {0.5f, -1f, 2f};
    float[] xv = {1f, 2f, 3f};
    float[] plain;
    float[] scoped;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(wv);
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(layer(w).apply(layer(w).apply(m.create(xv))).sum());
      }
      plain = w.getGradient().toFloatArray();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(wv);
      w.setRequiresGradient(true);
      try (NDManager batch = m.newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray h = LayerScope.run(batch.create(xv), layer(w));
          NDArray y = LayerScope.run(h, layer(w));
          System.gc();
          gc.backward(y.sum());
        }
        scoped = w.getGradient().toFloatArray();
      }
    }
    assertArrayEquals(plain, scoped);
    assertTrue(Math.abs(plain[0]) > 0, "a non-trivial gradient");
  }

  @Test
  void noInputIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LayerScope.run(new NDList(), l -> l));
    assertTrue(e.getMessage().contains("at least one input"), e.getMessage());
  }
}
