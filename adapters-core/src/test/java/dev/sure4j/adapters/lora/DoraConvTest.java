package dev.sure4j.adapters.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyConvModel;
import dev.sure4j.adapters.testing.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * DoRA on 1-d convolutions (PEFT's {@code DoraConv1dLayer}) on {@link TinyConvModel}: PEFT's tensor
 * shapes, the magnitude starting at each output channel's weight norm, and the refusals (merging a
 * grouped convolution, a rank that the groups do not divide, a dilated convolution). The contract
 * rows are in {@code AdapterContractTest}; the forward against PyTorch is in adapters-speech {@code
 * PeftConvDoraParityTest}.
 */
class DoraConvTest extends ManagedTest {

  private static LoraSpec dora(int rank, String... targets) {
    return LoraSpec.builder()
        .optRank(rank)
        .optAlpha(8)
        .optUseDora(true)
        .optTargets(Targets.modules(targets))
        .build();
  }

  @Test
  void shapesArePeftsAndTheMagnitudeStartsAtTheChannelNorms() {
    AdapterModel m = TinyConvModel.wrapped(manager);
    m.addAdapter("d", dora(4, "feature", "pos_conv"));
    Adapter a = m.adapter("d");
    String[] paths = {"feature", "pos_conv"};
    long[][] shapes = {{3, 3}, {8, 4}}; // in, kernel of each convolution
    for (int c = 0; c < 2; c++) {
      String stem = "base_model.model." + paths[c] + ".";
      assertEquals(
          new Shape(4, shapes[c][0], shapes[c][1]),
          a.tensors().get(stem + "lora_A.weight").getArray().getShape());
      assertEquals(
          new Shape(8, c == 0 ? 4 : 2, 1),
          a.tensors().get(stem + "lora_B.weight").getArray().getShape());
      assertEquals(
          new Shape(1, 8, 1),
          a.tensors().get(stem + "lora_magnitude_vector").getArray().getShape(),
          "PEFT's magnitude of a Conv1d is [1, out, 1]");
      float[] w = m.baseParameters().get(paths[c] + ".weight").getArray().toFloatArray();
      float[] mag = a.tensors().get(stem + "lora_magnitude_vector").getArray().toFloatArray();
      int per = w.length / 8;
      for (int o = 0; o < 8; o++) {
        double sq = 0;
        for (int i = 0; i < per; i++) {
          sq += (double) w[o * per + i] * w[o * per + i];
        }
        assertEquals(Math.sqrt(sq), mag[o], 1e-6, paths[c] + " channel " + o);
      }
    }
  }

  @Test
  void aGroupedConvolutionRefusesToMergeNamingIt() {
    AdapterModel m = TinyConvModel.wrapped(manager);
    m.addAdapter("d", dora(4, "feature", "pos_conv"));
    Adapter a = m.adapter("d");
    TinyModels.randomise(a, 3);
    assertFalse(a.mergeable());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.method().merge(a));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().contains("pos_conv") && e.getMessage().contains("grouped"));
    assertEquals(1, e.getMessage().lines().count());
    assertFalse(a.method().isMerged(a));
  }

  @Test
  void aRankTheGroupsDoNotDivideIsRefusedNamingTheConvolution() {
    AdapterModel m = TinyConvModel.wrapped(manager);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.addAdapter("x", dora(3, "pos_conv")));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().contains("pos_conv") && e.getMessage().contains("groups 2"));
    assertTrue(e.getMessage().contains("DoRA"), e.getMessage());
  }

  @Test
  void aDilatedConvolutionIsRefused() {
    AdaptableConv1d dilated = new AdaptableConv1d(4, 4, 3, 1, 2, 1, 2, false);
    dilated.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 9));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new DoraConvDelta(dilated, dora(2, "x")));
    assertTrue(e.getMessage().contains("dilation 2"), e.getMessage());
  }
}
