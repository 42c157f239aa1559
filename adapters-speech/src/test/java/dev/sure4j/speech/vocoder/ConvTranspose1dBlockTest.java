package dev.sure4j.speech.vocoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.nn.StateDict;
import org.junit.jupiter.api.Test;

class ConvTranspose1dBlockTest {

  /**
   * x = [1, 2], w = [1, 10, 100], stride 2, bias 0.5: frame 0 writes [1, 10, 100] at samples 0..2,
   * frame 1 writes [2, 20, 200] at samples 2..4, so the full output is [1, 10, 102, 20, 200] + 0.5;
   * padding 1 drops one sample from each end.
   */
  @Test
  void overlapAddsEveryFrameAtItsStrideAndCropsThePadding() {
    assertArrayEquals(new float[] {1.5f, 10.5f, 102.5f, 20.5f, 200.5f}, run(0), 1e-5f);
    assertArrayEquals(new float[] {10.5f, 102.5f, 20.5f}, run(1), 1e-5f);
  }

  private static float[] run(int padding) {
    try (NDManager m = NDManager.newBaseManager()) {
      ConvTranspose1dBlock b = new ConvTranspose1dBlock(1, 1, 3, 2, padding);
      b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 2));
      StateDict.of(b, "").get("weight").getArray().set(new float[] {1, 10, 100});
      StateDict.of(b, "").get("bias").getArray().set(new float[] {0.5f});
      NDArray x = m.create(new float[] {1, 2}, new Shape(1, 1, 2));
      NDArray y = b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
      assertEquals(b.getOutputShapes(new Shape[] {x.getShape()})[0], y.getShape());
      return y.toFloatArray();
    }
  }
}
