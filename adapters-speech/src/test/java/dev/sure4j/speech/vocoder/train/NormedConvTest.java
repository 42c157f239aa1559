package dev.sure4j.speech.vocoder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.nn.StateDict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link NormedConv}'s weight-norm scale {@code g}: a second initialisation (DJL runs one on the
 * first training forward of a block whose parent was never initialised, as after a resume) keeps
 * trained values instead of resetting {@code g} to {@code ||v||}.
 */
class NormedConvTest {

  @Test
  void aSecondInitialisationKeepsATrainedScale() {
    try (NDManager m = NDManager.newBaseManager()) {
      NormedConv conv = new NormedConv(false, 4, 3, 5, 1, 1, NormedConv.Norm.WEIGHT);
      conv.initialize(m, DataType.FLOAT32, new Shape(1, 4, 16));
      Parameter g = StateDict.of(conv, "").get("weight_g");
      float[] trained = {0.5f, -2f, 3f};
      g.getArray().set(trained);
      conv.initialize(m, DataType.FLOAT32, new Shape(1, 4, 16));
      float[] after = g.getArray().toFloatArray();
      assertArrayEquals(
          trained, after, "weight_g after re-initialisation: " + Arrays.toString(after));
    }
  }
}
