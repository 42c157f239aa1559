package dev.sure4j.speech.vocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.nn.StateDict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HifiGanGeneratorTest {

  @Test
  void v1ParameterPathsAndShapesAreTheOfficialStateDictKeys() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> p = generatorParameters(HifiGanConfigTest.V1, m);
      assertShape(p, "conv_pre.weight", 512, 80, 7);
      assertShape(p, "conv_pre.bias", 512);
      assertShape(p, "ups.0.weight", 512, 256, 16);
      assertShape(p, "ups.3.weight", 64, 32, 4);
      assertShape(p, "ups.3.bias", 32);
      assertShape(p, "resblocks.3.convs1.1.weight", 128, 128, 3);
      assertShape(p, "resblocks.11.convs2.2.weight", 32, 32, 11);
      assertShape(p, "resblocks.11.convs2.2.bias", 32);
      assertShape(p, "conv_post.weight", 1, 32, 7);
      assertShape(p, "conv_post.bias", 1);
      // 2 (conv_pre) + 4 x 2 (ups) + 12 resblocks x 6 convs x 2 + 2 (conv_post)
      assertEquals(2 + 8 + 144 + 2, p.size());
    }
  }

  @Test
  void resblock2HasOneConvolutionListOfTwo() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> p = generatorParameters(HifiGanConfigTest.V3, m);
      assertShape(p, "resblocks.8.convs.1.weight", 32, 32, 7);
      assertTrue(p.keySet().stream().noneMatch(k -> k.contains("convs1")), p.keySet().toString());
      // 2 + 3 x 2 + 9 resblocks x 2 convs x 2 + 2
      assertEquals(2 + 6 + 36 + 2, p.size());
    }
  }

  @Test
  void vocodesEveryFrameIntoHopSamplesWithinMinusOneAndOne() {
    HifiGanConfig tiny = HifiGanConfigTest.TINY;
    try (NDManager m = NDManager.newBaseManager()) {
      HifiGan v = HifiGan.initialise(HifiGanConfigTest.TINY, m);
      NDArray mel = m.randomNormal(new Shape(2, 80, 7));
      NDArray wave = v.vocode(mel);
      assertEquals(new Shape(2, 7 * 16), wave.getShape());
      assertTrue(wave.abs().max().getFloat() <= 1f);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> v.vocode(m.zeros(new Shape(1, 40, 7))));
      assertTrue(e.getMessage().contains("(1, 40, 7)"), e.getMessage());
    }
  }

  /** The parameters of a generator built from a {@code config.json} text, by state-dict key. */
  private static Map<String, Parameter> generatorParameters(String configJson, NDManager m) {
    return StateDict.of(HifiGan.initialise(HifiGanConfig.parse(configJson), m).generator(), "");
  }

  private static void assertShape(Map<String, Parameter> p, String name, long... shape) {
    assertTrue(p.containsKey(name), name + " not in " + p.keySet());
    assertEquals(new Shape(shape), p.get(name).getArray().getShape(), name);
  }
}
