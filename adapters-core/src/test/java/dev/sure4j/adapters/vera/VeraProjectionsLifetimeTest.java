package dev.sure4j.adapters.vera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * The shared VeRA projections live as long as a layer uses them: two adapters with the same key,
 * each on layers of two shapes; deleting one frees its {@code vera_A} and {@code vera_B} and leaves
 * the other's in place and working; deleting the other frees those; a new adapter with the same key
 * draws them again, bit for bit.
 */
class VeraProjectionsLifetimeTest extends ManagedTest {

  private static final int D = 16;

  private static VeraSpec spec() {
    return VeraSpec.builder()
        .optRank(4)
        .optProjectionPrngKey(23)
        .optTargets(Targets.modules("q_proj", "intermediate_dense", "output_dense"))
        .build();
  }

  private static VeraProjections projections(AdapterModel m, String name) {
    return ((VeraDelta) m.adapter(name).blocks().values().iterator().next()).projections();
  }

  private static float[] run(AdapterModel m, NDList in, String name) {
    m.setActiveAdapters(name);
    return TinyModels.infer(m, in).toFloatArray();
  }

  @Test
  void theLastAdapterDeletedFreesTheProjectionsAndANewOneDrawsThemAgain() {
    AdapterModel m = AdapterModel.wrap(TinyModels.encoder(manager, D, 4, 2, false));
    NDList in = new NDList(manager.randomNormal(new Shape(2, 5, D)), manager.ones(new Shape(2, 5)));
    m.addAdapter("one", spec());
    m.addAdapter("two", spec());
    TinyModels.randomise(m.adapter("one"), 5);
    TinyModels.randomise(m.adapter("two"), 6);
    float[] twoBefore = run(m, in, "two");
    VeraProjections p1 = projections(m, "one");
    VeraProjections p2 = projections(m, "two");
    assertNotSame(p1, p2, "each adapter holds its own pair (as PEFT's per-adapter vera_A)");
    NDArray a1 = p1.a().getArray();
    NDArray b1 = p1.b().getArray();
    NDArray a2 = p2.a().getArray();
    NDArray b2 = p2.b().getArray();
    float[] drawnA = a2.toFloatArray();
    float[] drawnB = b2.toFloatArray();

    m.deleteAdapter("one");
    assertTrue(a1.isReleased() && b1.isReleased(), "the deleted adapter's projections are freed");
    assertFalse(p1.isHeld());
    assertTrue(p2.isHeld() && !a2.isReleased() && !b2.isReleased(), "the other's stay");
    assertArrayEquals(twoBefore, run(m, in, "two"), "the remaining adapter is unchanged");

    m.deleteAdapter("two");
    assertTrue(a2.isReleased() && b2.isReleased(), "the last adapter's projections are freed");
    assertFalse(p2.isHeld());

    m.addAdapter("three", spec());
    TinyModels.randomise(m.adapter("three"), 6);
    VeraProjections p3 = projections(m, "three");
    assertTrue(p3.isHeld());
    assertArrayEquals(drawnA, p3.a().getArray().toFloatArray(), "vera_A drawn again");
    assertArrayEquals(drawnB, p3.b().getArray().toFloatArray(), "vera_B drawn again");
    assertArrayEquals(twoBefore, run(m, in, "three"), "same key and lambdas, same output");
  }
}
