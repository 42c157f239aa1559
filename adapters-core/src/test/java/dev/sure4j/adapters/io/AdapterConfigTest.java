package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdapterConfigTest {

  static Stream<AdapterSpec> specs() {
    return Stream.of(
        LoraSpec.builder().build(),
        LoraSpec.builder().optRank(4).optAlpha(8).optUseRslora(true).build(),
        LoraSpec.builder().optRank(4).optAlpha(8).optUseDora(true).build(),
        LoraSpec.builder()
            .optRank(16)
            .optAlpha(0.1 + 0.2)
            .optDropout(0.05)
            .optTargets(
                Targets.modules("encoder.layers.*.attention.q_proj", "v_proj").onLayers(2, 5))
            .build(),
        BottleneckSpec.builder().build(),
        BottleneckSpec.builder()
            .optWidth(64)
            .optActivation(AdapterActivation.GELU)
            .optScaling(0.5)
            .optLayerNorm(true)
            .build(),
        BottleneckSpec.houlsby(),
        ConvAdapterSpec.builder().build(),
        ConvAdapterSpec.builder().optInit(AdapterInit.IDENTITY).build(),
        BottleneckSpec.builder().optInit(AdapterInit.IDENTITY).build(),
        ConvAdapterSpec.builder()
            .optWidthRatio(0.25)
            .optKernels(5, 7, 1)
            .optSeReduction(4)
            .optLayerNorm(false)
            .optTargets(Targets.modules("post_attention").onLayers(Set.of(0, 11)))
            .build(),
        PrefixSpec.builder().build(),
        PrefixSpec.builder().optLength(7).optDropout(0).optReparameterize(512).build(),
        FullFineTuneSpec.all(),
        new FullFineTuneSpec(true));
  }

  private static Provenance provenance() {
    return Provenance.builder()
        .setBaseModel("facebook/hubert-base-ls960")
        .optData("IEMOCAP sessions 1-4")
        .optSeed(1234)
        .optCreated(Instant.parse("2026-01-02T03:04:05.678Z"))
        .build();
  }

  @ParameterizedTest
  @MethodSource("specs")
  void roundTripsExactly(AdapterSpec spec) {
    AdapterConfig c =
        AdapterConfig.of(spec, provenance(), "org.example.Head", List.of("projector"));
    AdapterConfig back = AdapterConfig.fromJson(c.toJson(), "test");
    assertEquals(c, back);
    assertEquals(spec, back.spec());
  }

  @Test
  void roundTripsWithoutOptionalProvenance() {
    Provenance p = Provenance.builder().setBaseModel("/models/hubert").build();
    AdapterConfig c = AdapterConfig.of(LoraSpec.builder().build(), p, null, List.of());
    AdapterConfig back = AdapterConfig.fromJson(c.toJson(), "test");
    assertEquals(c, back);
    assertFalse(back.provenance().get().seed().isPresent());
    assertEquals(Optional.empty(), back.headClass());
  }

  @Test
  void loraUsesPeftFieldNames() {
    JsonObject o =
        JsonParser.parseString(
                AdapterConfig.of(LoraSpec.builder().build(), provenance(), null, List.of())
                    .toJson())
            .getAsJsonObject();
    assertEquals("LORA", o.get("peft_type").getAsString());
    assertEquals(8, o.get("r").getAsInt());
    assertEquals("1", o.get("lora_alpha").toString());
    assertEquals(0.0, o.get("lora_dropout").getAsDouble());
    assertEquals(
        "[\"q_proj\",\"k_proj\",\"v_proj\",\"out_proj\",\"intermediate_dense\",\"output_dense\"]",
        o.get("target_modules").toString());
    assertEquals("none", o.get("bias").getAsString());
    assertFalse(o.get("fan_in_fan_out").getAsBoolean());
    assertTrue(o.get("layers_to_transform").isJsonNull());
    assertTrue(o.get("init_lora_weights").getAsBoolean());
    assertTrue(o.get("revision").isJsonNull());
    assertTrue(o.get("inference_mode").getAsBoolean());
    assertTrue(o.get("modules_to_save").isJsonNull());
    assertEquals("facebook/hubert-base-ls960", o.get("base_model_name_or_path").getAsString());
    JsonObject s = o.getAsJsonObject("sure4j");
    assertEquals(Provenance.currentLibraryVersion(), s.get("library_version").getAsString());
    assertEquals("LORA", s.getAsJsonObject("spec").get("method").getAsString());
    assertEquals(1234, s.get("seed").getAsLong());
    assertEquals("2026-01-02T03:04:05.678Z", s.get("created").getAsString());
  }

  @Test
  void libraryVersionIsFiltered() {
    String v = Provenance.currentLibraryVersion();
    assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
  }

  @Test
  void parsesPeftHubertLoraConfig() throws Exception {
    Path f =
        Path.of(
            AdapterConfigTest.class.getResource("peft_hubert_lora/adapter_config.json").toURI());
    AdapterConfig c = AdapterConfig.read(f);
    assertEquals(
        new LoraSpec(4, 16, 0.1, new Targets(List.of("v_proj", "q_proj"), Set.of(1))), c.spec());
    assertEquals(Optional.of("facebook/hubert-base-ls960"), c.baseModel());
    assertEquals(List.of("projector", "classifier"), c.modulesToSave());
    assertEquals(Optional.empty(), c.provenance());
    assertEquals(Optional.empty(), c.taskType());
  }

  @Test
  void peftDefaultsApplyToMissingLoraFields() {
    AdapterConfig c =
        AdapterConfig.fromJson(
            "{\"peft_type\": \"LORA\", \"target_modules\": [\"q_proj\"], \"layers_to_transform\": 3}",
            "x.json");
    assertEquals(new LoraSpec(8, 8, 0, new Targets(List.of("q_proj"), Set.of(3))), c.spec());
  }

  @Test
  void peftRsloraFileLoadsWithAlphaOverSqrtRank() {
    AdapterConfig c =
        AdapterConfig.fromJson(
            "{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alpha\": 8,"
                + " \"target_modules\": [\"q_proj\"], \"use_rslora\": true}",
            "x.json");
    LoraSpec spec = (LoraSpec) c.spec();
    assertTrue(spec.useRslora());
    assertEquals(4.0, spec.scaling(), 1e-12);
    assertEquals(2.0, LoraSpec.builder().optRank(4).optAlpha(8).build().scaling(), 1e-12);
    assertEquals(spec, AdapterConfig.fromJson(c.toJson(), "y.json").spec());
    LoraSpec dora =
        (LoraSpec)
            AdapterConfig.fromJson(
                    "{\"peft_type\": \"LORA\", \"target_modules\": [\"q_proj\"],"
                        + " \"use_dora\": true}",
                    "x.json")
                .spec();
    assertTrue(dora.useDora());
    assertFalse(dora.useRslora());
  }

  private static void assertRejected(String json, String... fragments) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterConfig.fromJson(json, "x.json"));
    assertTrue(e.getMessage().startsWith("x.json"), e.getMessage());
    for (String s : fragments) {
      assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
    }
  }

  @Test
  void rejectsWhatSure4jCannotHonour() {
    String lora = "\"peft_type\": \"LORA\", \"r\": 4, \"target_modules\": [\"q_proj\"]";
    assertRejected("{" + lora + ", \"bias\": \"all\"}", "'bias'", "\"all\"");
    assertRejected("{" + lora + ", \"use_dora\": 1}", "'use_dora'", "true or false");
    assertRejected("{" + lora + ", \"use_rslora\": \"yes\"}", "'use_rslora'", "true or false");
    assertRejected("{" + lora + ", \"rank_pattern\": {\"q_proj\": 2}}", "'rank_pattern'");
    assertRejected(
        "{\"peft_type\": \"LORA\", \"target_modules\": \".*q_proj(\"}",
        "'target_modules'",
        ".*q_proj(",
        "regular expression");
    assertRejected(
        "{\"peft_type\": \"LORA\", \"target_modules\": \".*q_proj\","
            + " \"layers_to_transform\": [1]}",
        "'layers_to_transform'",
        "regular expression");
    assertRejected("{\"peft_type\": \"LORA\", \"target_modules\": 3}", "'target_modules'", "3");
    assertRejected("{\"r\": 4}", "'peft_type'");
    assertRejected("{\"peft_type\": \"POLY\"}", "POLY");
    assertRejected("{\"peft_type\": \"IA3\"}", "'target_modules'", "missing");
    assertRejected("{" + lora.replace("\"r\": 4", "\"r\": 4.5") + "}", "'r'", "4.5");
    assertRejected("{" + lora.replace("\"r\": 4", "\"r\": -1") + "}", "rank", "-1");
    assertRejected("not json", "malformed");
    assertRejected(
        "{\"peft_type\": \"CONV_ADAPTER\", \"width_ratio\": 0.5}", "'kernel_in'", "missing");
  }

  @Test
  void serialAdaptersSaveTheirInitAndReadOlderFilesWithoutIt() {
    String conv =
        AdapterConfig.of(
                ConvAdapterSpec.builder().optInit(AdapterInit.IDENTITY).build(),
                provenance(),
                null,
                List.of())
            .toJson();
    assertTrue(conv.matches("(?s).*\"init\":\\s*\"identity\".*"), conv);
    String withoutInit = conv.replaceAll(",\\s*\"init\":\\s*\"identity\"", "");
    assertEquals(
        AdapterInit.SEED,
        ((ConvAdapterSpec) AdapterConfig.fromJson(withoutInit, "old.json").spec()).init());
    assertRejected(conv.replace("\"identity\"", "\"zeros\""), "'init'", "zeros");
  }

  @Test
  void rejectsDisagreementBetweenTopLevelAndSure4jSpec() {
    String json =
        AdapterConfig.of(LoraSpec.builder().build(), provenance(), null, List.of())
            .toJson()
            .replaceFirst("\"r\": 8", "\"r\": 4");
    assertRejected(json, "sure4j.spec", "rank=4", "rank=8");
  }
}
