package dev.sure4j.adapters.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The methods' variants are the product's only list of methods: names, aliases and table labels
 * parse back to the same variant, the SURE preset has a seed and an identity row for each serial
 * adapter, and the TTS preset carries the SURE TTS placements.
 */
class MethodVariantsTest {

  private static MethodVariant sure(String name) {
    return AdapterMethods.variant(Preset.SURE, name);
  }

  @Test
  void aliasesAndTableLabelsNameTheSameVariant() {
    for (String n : new String[] {"conv", "convadapter", "conv-adapter", "ConvAdapter", "CONV"}) {
      assertEquals("conv", sure(n).cliName(), n);
    }
    for (String n : new String[] {"full", "finetune", "fine-tune", "full fine-tuning"}) {
      assertEquals("full", sure(n).cliName(), n);
    }
    assertEquals("probe", sure("linear probe").cliName());
    assertEquals("prefix", sure("prefix tuning").cliName());
    assertEquals("conv-identity", sure("ConvAdapter (identity)").cliName());
    assertEquals("conv-identity", sure("convadapter-identity").cliName());
    assertEquals("bottleneck-identity", sure("bottleneck (identity)").cliName());
  }

  @Test
  void everyLabelAndNameParsesBackToItsVariant() {
    for (Preset p : Preset.values()) {
      for (MethodVariant v : AdapterMethods.variants(p)) {
        assertEquals(v, AdapterMethods.variant(p, v.label()), v.label());
        assertEquals(v, AdapterMethods.variant(p, v.cliName()), v.cliName());
        assertEquals(
            AdapterMethods.of(v.spec()).name(), v.spec().method(), "a variant's spec is its own");
      }
    }
  }

  @Test
  void theSurePresetListsTheQuickstartRowsInOrder() {
    List<String> names =
        AdapterMethods.variants(Preset.SURE).stream()
            .map(MethodVariant::cliName)
            .filter(n -> !n.equals("scale")) // the test-only method, when on the class path
            .toList();
    assertEquals(
        List.of(
            "probe",
            "full",
            "bottleneck",
            "bottleneck-identity",
            "prefix",
            "lora",
            "dora",
            "conv",
            "conv-identity",
            "ia3"),
        names);
  }

  @Test
  void identityRowsDifferFromTheSeedRowsOnlyInTheirInit() {
    assertEquals(AdapterInit.SEED, ((ConvAdapterSpec) sure("conv").spec()).init());
    assertEquals(AdapterInit.IDENTITY, ((ConvAdapterSpec) sure("conv-identity").spec()).init());
    BottleneckSpec seed = (BottleneckSpec) sure("bottleneck").spec();
    BottleneckSpec identity = (BottleneckSpec) sure("bottleneck-identity").spec();
    assertEquals(AdapterInit.SEED, seed.init());
    assertEquals(AdapterInit.IDENTITY, identity.init());
    assertEquals(seed.widthFor(64), identity.widthFor(64));
  }

  @Test
  void theTtsPresetHasTheSureTtsPlacements() {
    Targets postFfn = Targets.modules("post_ffn");
    LoraSpec lora = (LoraSpec) AdapterMethods.variant(Preset.TTS, "lora").spec();
    assertEquals(8, lora.rank());
    assertEquals(1.0, lora.alpha());
    assertEquals(Targets.modules("q_proj", "v_proj"), lora.targets());
    BottleneckSpec bottleneck =
        (BottleneckSpec) AdapterMethods.variant(Preset.TTS, "bottleneck").spec();
    assertEquals(128, bottleneck.widthFor(256), "D / 2");
    assertEquals(postFfn, bottleneck.targets());
    ConvAdapterSpec conv = (ConvAdapterSpec) AdapterMethods.variant(Preset.TTS, "conv").spec();
    assertEquals(postFfn, conv.targets());
    assertEquals(30, ((PrefixSpec) AdapterMethods.variant(Preset.TTS, "prefix").spec()).length());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sure("poly"));
    assertTrue(e.getMessage().contains("'poly'") && e.getMessage().contains("conv-identity"));
  }
}
