package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.ia3.Ia3Delta;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.whisper.WhisperModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code --where}: an adapter on the encoder, the decoder or both of the tiny random Whisper. */
class WhisperWhereTest extends ManagedTest {

  @Test
  void encoderAndDecoderKeepTheirOwnModules() {
    AdapterSpec lora = LoraSpec.builder().build();
    Set<String> enc = adapted(WhisperWhere.ENCODER.restrict(lora));
    Set<String> dec = adapted(WhisperWhere.DECODER.restrict(lora));
    Set<String> both = adapted(WhisperWhere.BOTH.restrict(lora));
    // 2 encoder layers x 4 self-attention projections; 2 decoder layers x 8 (self and cross)
    assertEquals(8, enc.size(), enc.toString());
    assertEquals(16, dec.size(), dec.toString());
    assertTrue(enc.stream().allMatch(p -> p.startsWith("model.encoder.layers.")), enc.toString());
    assertTrue(dec.stream().allMatch(p -> p.startsWith("model.decoder.layers.")), dec.toString());
    Set<String> union = new TreeSet<>(enc);
    union.addAll(dec);
    assertEquals(union, both);
    assertSame(lora, WhisperWhere.BOTH.restrict(lora));
    assertEquals(
        "model\\.encoder\\.(?:.*\\.)?(?:q_proj|k_proj|v_proj|out_proj|intermediate_dense"
            + "|output_dense)",
        WhisperWhere.ENCODER.restrict(lora).targets().regex());
  }

  @Test
  void layersSurviveTheRestriction() {
    AdapterSpec lora =
        LoraSpec.builder().optTargets(Targets.modules("q_proj").onLayers(1, 1)).build();
    assertEquals(
        Set.of(
            "model.decoder.layers.1.self_attn.q_proj",
            "model.decoder.layers.1.encoder_attn.q_proj"),
        adapted(WhisperWhere.DECODER.restrict(lora)));
  }

  @Test
  void ia3KeepsItsFeedforwardLayersOnOneStack() {
    // the SURE preset as Whisper resolves it: k_proj, v_proj and fc2, fc2 input-scaled
    Ia3Spec preset =
        (Ia3Spec)
            BackboneKind.WHISPER.presetSpec(AdapterMethods.variant(Preset.SURE, "ia3").spec());
    AdapterSpec restricted = WhisperWhere.ENCODER.restrict(preset);
    AdapterModel m = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    m.addAdapter("x", restricted);
    Map<String, Boolean> scaledInput = new TreeMap<>();
    m.adapter("x")
        .blocks()
        .forEach((point, block) -> scaledInput.put(point.path(), ((Ia3Delta) block).feedforward()));
    // 2 encoder layers x (k_proj, v_proj, fc2)
    assertEquals(6, scaledInput.size(), scaledInput.toString());
    scaledInput.forEach(
        (path, input) -> {
          assertTrue(path.startsWith("model.encoder.layers."), path);
          assertEquals(path.endsWith(".fc2"), input, path);
        });
    // the restricted spec is saved and read back as it is (PEFT reads a string target_modules
    // with a list of feedforward_modules the same way)
    AdapterConfig written =
        AdapterConfig.of(
            restricted, Provenance.builder().setBaseModel("tiny").build(), null, List.of());
    assertEquals(restricted, AdapterConfig.fromJson(written.toJson(), "written").spec());
  }

  @Test
  void prefixTuningGoesOnTheSelfAttentionOfOneStack() {
    AdapterSpec prefix =
        BackboneKind.WHISPER.presetSpec(AdapterMethods.variant(Preset.SURE, "prefix").spec());
    assertEquals(
        Set.of("model.decoder.layers.0.self_attn", "model.decoder.layers.1.self_attn"),
        adapted(WhisperWhere.DECODER.restrict(prefix)));
    assertEquals(
        Set.of("model.encoder.layers.0.self_attn", "model.encoder.layers.1.self_attn"),
        adapted(WhisperWhere.ENCODER.restrict(prefix)));
  }

  @Test
  void everyMethodThatAddsBlocksGoesOnEitherStack() {
    List<String> checked = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    List<MethodVariant> variants = new ArrayList<>(AdapterMethods.variants(Preset.SURE));
    variants.addAll(AdapterMethods.variants(Preset.DEFAULT)); // VeRA has no SURE preset
    for (MethodVariant v : variants) {
      AdapterMethod<?> method = AdapterMethods.of(v.spec());
      if (method.site().isEmpty() || !seen.add(v.cliName())) {
        continue;
      }
      AdapterSpec spec = BackboneKind.WHISPER.presetSpec(v.spec());
      for (WhisperWhere where : List.of(WhisperWhere.ENCODER, WhisperWhere.DECODER)) {
        String stack = "model." + where.name().toLowerCase(Locale.ROOT) + ".";
        AdapterSpec restricted = where.restrict(spec);
        if (where == WhisperWhere.DECODER && method.mixesPositions()) {
          IllegalArgumentException e =
              assertThrows(IllegalArgumentException.class, () -> adapted(restricted), v.cliName());
          assertTrue(e.getMessage().contains("causal stack"), e.getMessage());
          continue;
        }
        Set<String> hosts = adapted(restricted);
        assertFalse(hosts.isEmpty(), v.cliName() + " on " + stack);
        assertTrue(hosts.stream().allMatch(h -> h.startsWith(stack)), v.cliName() + " " + hosts);
        checked.add(v.cliName() + "@" + where);
      }
    }
    System.out.println("on one stack: " + checked);
    // LoRA, DoRA, IA3, bottleneck, prefix tuning and the rest on both stacks, the ConvAdapter on
    // one
    assertTrue(checked.size() >= 11, checked.toString());
  }

  @Test
  void badValuesAreRefusedInOneLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WhisperWhere.parse("sideways"));
    assertTrue(e.getMessage().contains("'sideways'"), e.getMessage());
    IllegalArgumentException full =
        assertThrows(
            IllegalArgumentException.class,
            () -> WhisperWhere.ENCODER.restrict(FullFineTuneSpec.all()));
    assertTrue(full.getMessage().contains("--where both"), full.getMessage());
    assertFalse(full.getMessage().contains("\n"));
    assertEquals(WhisperWhere.DECODER, WhisperWhere.parse(" Decoder"));
  }

  /** The host modules that received a block of the adapter. */
  private Set<String> adapted(AdapterSpec spec) {
    AdapterModel m = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    m.addAdapter("x", spec);
    Set<String> hosts = new TreeSet<>();
    for (String k : StateDict.of(m, "").keySet()) {
      int at = k.indexOf(".adapters.x.");
      if (at > 0) {
        hosts.add(k.substring("model.".length(), at));
      }
    }
    return hosts;
  }
}
