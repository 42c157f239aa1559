package dev.sure4j.adapters.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.lora.LoraSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link AdapterMethods#withModulesRenamed}: the targets are renamed, and so is every field of the
 * spec that names a renamed target (IA3's feed-forward modules), while the other fields stay.
 */
class AdapterMethodsRenameTest {

  private static final UnaryOperator<String> TO_FC =
      m -> Map.of("output_dense", "fc2", "intermediate_dense", "fc1").getOrDefault(m, m);

  @Test
  void ia3FeedForwardModulesFollowTheirTarget() {
    Ia3Spec ia3 = Ia3Spec.builder().build(); // k_proj, v_proj, output_dense (feed-forward)
    Ia3Spec renamed = AdapterMethods.withModulesRenamed(ia3, TO_FC, "IA3 renamed");
    assertEquals(List.of("k_proj", "v_proj", "fc2"), renamed.targets().modules());
    assertEquals(List.of("fc2"), renamed.feedforward());
    assertTrue(renamed.isFeedforward("model.encoder.layers.0.fc2"));
    assertTrue(!renamed.isFeedforward("model.encoder.layers.0.self_attn.v_proj"));
  }

  @Test
  void otherFieldsAndLayersStay() {
    LoraSpec lora =
        LoraSpec.builder()
            .optRank(4)
            .optAlpha(16)
            .optTargets(new Targets(List.of("q_proj", "intermediate_dense"), Set.of(1, 2)))
            .build();
    LoraSpec renamed = AdapterMethods.withModulesRenamed(lora, TO_FC, "LoRA renamed");
    assertEquals(List.of("q_proj", "fc1"), renamed.targets().modules());
    assertEquals(Set.of(1, 2), Set.copyOf(renamed.targets().layers()));
    assertEquals(4, renamed.rank());
    assertEquals(16.0, renamed.alpha());
  }

  @Test
  void aSpecWithNothingToRenameIsReturnedAsItIs() {
    LoraSpec lora = LoraSpec.builder().optTargets(Targets.modules("q_proj", "v_proj")).build();
    assertSame(lora, AdapterMethods.withModulesRenamed(lora, TO_FC, "LoRA"));
  }

  @Test
  void aRegularExpressionCannotBeRenamed() {
    LoraSpec regex = LoraSpec.builder().optTargets(Targets.regex(".*output_dense")).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AdapterMethods.withModulesRenamed(regex, TO_FC, "LoRA on X"));
    assertTrue(e.getMessage().startsWith("LoRA on X:"), e.getMessage());
  }
}
