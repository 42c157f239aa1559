package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrozenStagesTest extends ManagedTest {

  @Test
  void theLowestStageWithATrainableParameterEndsTheFrozenOnes() {
    TransformerEncoder e = TinyModels.encoder(manager, 8, 2, 3, false);
    List<TransformerLayer> layers = e.layers();
    assertEquals(0, FrozenStages.below(layers), "new parameters train");
    e.getParameters().values().forEach(p -> p.freeze(true));
    assertEquals(3, FrozenStages.below(layers), "nothing trains");
    Parameter deep = layers.get(2).getParameters().valueAt(0);
    deep.freeze(false);
    assertTrue(FrozenStages.trains(layers.get(2)));
    assertFalse(FrozenStages.trains(layers.get(1)));
    assertEquals(2, FrozenStages.below(layers));
  }

  @Test
  void aPassCutsTheOutputsOfTheFrozenStagesOnly() {
    NDArray w = manager.create(new float[] {2f, 3f});
    w.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      FrozenStages.Pass pass = FrozenStages.pass(2);
      NDArray a = w.mul(w);
      NDArray cutA = pass.after(a);
      assertNotSame(a, cutA);
      assertTrue(a.isReleased(), "the uncut handle is closed");
      assertArrayEquals(new float[] {4f, 9f}, cutA.toFloatArray());
      pass.skip();
      NDArray b = w.mul(cutA);
      assertSame(b, pass.after(b), "the third stage trains: its output stays in the graph");
      gc.backward(b.sum());
    }
    // d(w * cut(w^2))/dw = w^2: nothing flowed through the cut w^2
    assertArrayEquals(new float[] {4f, 9f}, w.getGradient().toFloatArray());
  }
}
