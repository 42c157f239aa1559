package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * LoRA on Whisper through the project's injection: points by Hugging Face name, a PEFT-layout file
 * (tools/whisper_fixture.py, r 4, alpha 8 on every q_proj and v_proj) matching PyTorch's logits.
 */
@Tag("parity")
class WhisperLoraTest extends ManagedTest {

  private AdapterModel model;
  private NDArray mel;
  private NDArray ids;
  private float[] reference;

  @BeforeEach
  void load() throws Exception {
    model = AdapterModel.wrap(WhisperModel.load(WhisperFixtures.model(), manager));
    mel = WhisperFeatures.of(80).features(manager, WhisperFixtures.audio());
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      long[] tokens = WhisperFixtures.ids(ref, "decoder.input_ids");
      ids = manager.create(tokens).reshape(1, tokens.length);
      reference = ref.readFloats("lora.logits");
    }
  }

  private NDArray logits() {
    return model
        .forward(new ParameterStore(manager, false), new NDList(mel, ids), false)
        .singletonOrThrow();
  }

  @Test
  void injectionPointsHaveHuggingFaceNames() {
    List<String> paths = model.injectionPoints().stream().map(InjectionPoint::path).toList();
    // per encoder layer 4 attention linears + fc1 + fc2 + post_attention + post_ffn + the
    // self-attention's prefix site, per decoder layer 8 + 2 + 2 + 2 prefix sites
    assertEquals(2 * 9 + 2 * 14, paths.size(), paths.toString());
    assertTrue(paths.contains("model.decoder.layers.1.encoder_attn"), paths.toString());
    assertTrue(paths.contains("model.encoder.layers.0.self_attn.k_proj"), paths.toString());
    assertTrue(paths.contains("model.decoder.layers.1.encoder_attn.q_proj"), paths.toString());
    assertTrue(paths.contains("model.decoder.layers.0.fc2"), paths.toString());
  }

  @Test
  void peftLoraMatchesPyTorch() throws Exception {
    NDArray base = logits();
    AdapterConfig config = AdapterFiles.load(model, WhisperFixtures.root().resolve("lora"), "peft");
    assertEquals(new LoraSpec(4, 8, 0.0, Targets.modules("q_proj", "v_proj")), config.spec());
    model.setActiveAdapters("peft");
    NDArray adapted = logits();
    WhisperFixtures.assertClose("PEFT LoRA teacher-forced logits", reference, adapted, 1e-4);
    float shift = adapted.sub(base).abs().max().getFloat();
    System.out.printf("the LoRA moves the logits by max %.3g%n", shift);
    assertTrue(shift > 0.1, "the reference must differ from the base model");

    model.merge("peft");
    WhisperFixtures.assertClose("PEFT LoRA merged into the weights", reference, logits(), 1e-4);
  }

  @Test
  void loraAttachesByModuleName() {
    model.addAdapter(
        "fc", LoraSpec.builder().optRank(2).optTargets(Targets.modules("fc1", "fc2")).build());
    long loraTensors = model.adapter("fc").tensors().size();
    // lora_A and lora_B on fc1 and fc2 of 4 layers
    assertEquals(16, loraTensors);
    NDArray before = logits();
    model.setActiveAdapters("fc");
    assertArrayEquals(before.toFloatArray(), logits().toFloatArray(), "LoRA starts as identity");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            model.addAdapter(
                "none", LoraSpec.builder().optTargets(Targets.modules("qkv")).build()));
  }
}
