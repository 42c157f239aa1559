package dev.sure4j.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Spec defaults equal the SURE reference, and invalid values are rejected with the value in the
 * message.
 */
class SpecValidationTest {

  private static void rejects(String valueInMessage, Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().contains(valueInMessage), ex.getMessage());
  }

  @Test
  void defaultsAreTheSureReferenceValues() {
    LoraSpec lora = LoraSpec.builder().build();
    assertEquals(8, lora.rank());
    assertEquals(1.0, lora.alpha());
    assertEquals(0.0, lora.dropout());
    assertEquals(
        List.of("q_proj", "k_proj", "v_proj", "out_proj", "intermediate_dense", "output_dense"),
        lora.targets().modules());
    BottleneckSpec b = BottleneckSpec.builder().build();
    assertEquals(512, b.widthFor(1024));
    assertEquals(AdapterActivation.RELU, b.activation());
    assertFalse(b.layerNorm());
    assertEquals(1.0, b.scaling());
    assertEquals(List.of("post_ffn"), b.targets().modules());
    ConvAdapterSpec c = ConvAdapterSpec.builder().build();
    assertEquals(512, c.widthFor(1024));
    assertEquals(
        List.of(3, 5, 3, 16),
        List.of(c.kernelIn(), c.kernelDepthwise(), c.kernelOut(), c.seReduction()));
    PrefixSpec p = PrefixSpec.builder().build();
    assertEquals(30, p.length());
    assertEquals(0.1, p.dropout());
    assertFalse(p.reparameterized());
  }

  @Test
  void invalidValuesAreRejectedWithTheValue() {
    rejects("-3", () -> LoraSpec.builder().optRank(-3).build());
    rejects("1.5", () -> LoraSpec.builder().optDropout(1.5).build());
    rejects("NaN", () -> LoraSpec.builder().optAlpha(Double.NaN).build());
    rejects("0.5", () -> BottleneckSpec.builder().optReductionFactor(0.5).build());
    rejects("4", () -> ConvAdapterSpec.builder().optKernels(4, 5, 3).build());
    rejects("0", () -> ConvAdapterSpec.builder().optSeReduction(0).build());
    rejects("1.2", () -> ConvAdapterSpec.builder().optWidthRatio(1.2).build());
    rejects("0", () -> PrefixSpec.builder().optLength(0).build());
    rejects("-1", () -> Targets.modules("q_proj").onLayers(Set.of(-1)));
    rejects("3..1", () -> Targets.modules("q_proj").onLayers(3, 1));
    rejects(
        "hidden 1000", () -> ConvAdapterSpec.builder().optWidthRatio(0.3).build().widthFor(1000));
  }

  @Test
  void targetsMatchLikePeftTargetModules() {
    Targets t = Targets.modules("q_proj", "attention.v_proj");
    assertTrue(t.matches("encoder.layers.0.attention.q_proj", 0));
    assertTrue(t.matches("encoder.layers.0.attention.v_proj", 0));
    assertFalse(t.matches("encoder.layers.0.attention.k_proj", 0));
    assertFalse(t.matches("encoder.layers.0.attention.xq_proj", 0));
    Targets glob = Targets.modules("encoder.layers.1?.*").onLayers(10, 11);
    assertTrue(glob.matches("encoder.layers.10.post_ffn", 10));
    assertFalse(glob.matches("encoder.layers.12.post_ffn", 12));
    assertFalse(glob.matches("encoder.layers.1.post_ffn", 1));
  }
}
