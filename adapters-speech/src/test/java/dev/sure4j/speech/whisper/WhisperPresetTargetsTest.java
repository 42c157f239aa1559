package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.ia3.Ia3Delta;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.backbone.BackboneKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SURE preset's targets resolved on Whisper: LoRA reaches the feed-forward linears {@code fc1}
 * and {@code fc2} as well as every attention projection, and IA3's feed-forward module follows its
 * target's rename to {@code fc2}.
 */
class WhisperPresetTargetsTest extends ManagedTest {

  @Test
  void sureLoraCoversAttentionAndFeedForwardOnWhisper() {
    AdapterSpec preset = AdapterMethods.variant(Preset.SURE, "lora").spec();
    AdapterSpec resolved = BackboneKind.WHISPER.presetSpec(preset);
    assertEquals(
        List.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2"),
        resolved.targets().modules());

    AdapterModel model = AdapterModel.wrap(WhisperModel.load(WhisperFixtures.model(), manager));
    model.addAdapter("sure", resolved);
    List<String> paths =
        model.adapter("sure").blocks().keySet().stream().map(InjectionPoint::path).toList();
    // encoder: 2 layers x (4 self-attention projections + fc1 + fc2); decoder: 2 layers x
    // (4 self-attention + 4 cross-attention projections + fc1 + fc2)
    assertEquals(2 * 6 + 2 * 10, paths.size(), paths.toString());
    assertTrue(paths.contains("model.encoder.layers.0.fc1"), paths.toString());
    assertTrue(paths.contains("model.decoder.layers.1.fc2"), paths.toString());

    model.addAdapter("unresolved", preset);
    // the preset as it stands reaches the attention projections only
    assertEquals(2 * 4 + 2 * 8, model.adapter("unresolved").blocks().size());
  }

  @Test
  void otherFieldsAndOtherFamiliesAreUntouched() {
    LoraSpec spec =
        LoraSpec.builder()
            .optRank(4)
            .optAlpha(16)
            .optTargets(Targets.modules("encoder.layers.*.feed_forward.output_dense"))
            .build();
    LoraSpec resolved = (LoraSpec) BackboneKind.WHISPER.presetSpec(spec);
    assertEquals(List.of("encoder.layers.*.fc2"), resolved.targets().modules());
    assertEquals(4, resolved.rank());
    assertEquals(16.0, resolved.alpha());
    assertSame(spec, BackboneKind.HUBERT.presetSpec(spec));
    AdapterSpec regex = LoraSpec.builder().optTargets(Targets.regex(".*output_dense")).build();
    assertSame(regex, BackboneKind.WHISPER.presetSpec(regex));
  }

  @Test
  void ia3PresetNamesWhisperFeedForwardModule() {
    Ia3Spec preset = (Ia3Spec) AdapterMethods.variant(Preset.SURE, "ia3").spec();
    assertEquals(List.of("output_dense"), preset.feedforward());
    Ia3Spec resolved = (Ia3Spec) BackboneKind.WHISPER.presetSpec(preset);
    assertEquals(List.of("k_proj", "v_proj", "fc2"), resolved.targets().modules());
    assertEquals(List.of("fc2"), resolved.feedforward());
    assertSame(preset, BackboneKind.HUBERT.presetSpec(preset));

    AdapterModel model = AdapterModel.wrap(WhisperModel.load(WhisperFixtures.model(), manager));
    model.addAdapter("ia3", resolved);
    Map<InjectionPoint, Block> blocks = model.adapter("ia3").blocks();
    // encoder: 2 layers x (k, v, fc2); decoder: 2 layers x (2 x (k, v) + fc2)
    assertEquals(2 * 3 + 2 * 5, blocks.size(), blocks.keySet().toString());
    for (Map.Entry<InjectionPoint, Block> e : blocks.entrySet()) {
      boolean fc2 = e.getKey().path().endsWith(".fc2");
      assertEquals(fc2, ((Ia3Delta) e.getValue()).feedforward(), e.getKey().path());
    }
  }
}
