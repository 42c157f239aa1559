package dev.sure4j.adapters.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.sure4j.adapters.bottleneck.BottleneckAdapter;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/**
 * The fixture loader refuses missing, unexpected and mis-shaped tensors and copies nothing then.
 */
class ParityFixtureTest extends ManagedTest {

  private Block init(Block b, int hidden) {
    b.initialize(manager, DataType.FLOAT32, new Shape(1, 1, hidden));
    return b;
  }

  @Test
  void misShapedTensorIsNamedAndNothingIsCopied() {
    ParityFixture f = ParityFixture.load(manager, "bottleneck_d32");
    Block narrow =
        init(new BottleneckAdapter(32, 1e-5f, BottleneckSpec.builder().optWidth(8).build()), 32);
    float[] before = StateDict.of(narrow, "").get("adapter_up.bias").getArray().toFloatArray();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> f.copyInto(StateDict.of(narrow, "")));
    assertTrue(
        e.getMessage().contains("adapter_down.weight: parameter (8, 32) vs fixture (16, 32)"),
        e.getMessage());
    float[] after = StateDict.of(narrow, "").get("adapter_up.bias").getArray().toFloatArray();
    assertEquals(before.length, after.length);
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], "adapter_up.bias changed by a failed copy");
    }
  }

  @Test
  void missingAndUnexpectedNamesAreListed() {
    ParityFixture f = ParityFixture.load(manager, "bottleneck_d32");
    Block linear = init(new AdaptableLinear(32, 16, true), 32);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> f.copyInto(StateDict.of(linear, "")));
    assertTrue(
        e.getMessage().contains("parameters with no fixture tensor: [bias, weight]"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("fixture tensors with no parameter: [adapter_down.bias"),
        e.getMessage());
  }
}
