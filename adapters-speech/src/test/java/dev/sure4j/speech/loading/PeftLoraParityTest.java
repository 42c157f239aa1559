package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.SequenceClassificationHead;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA files in Hugging Face PEFT's layout (fixtures from src/test/python/make_peft_fixtures.py:
 * PEFT's LoRA forward in plain PyTorch on the hubert_group_postln model, r=4, lora_alpha=8 on
 * q_proj and v_proj, A and B random): loaded into the encoder they give PyTorch's last hidden
 * state, and a sure4j LoRA saved for PEFT has PEFT's tensor names and config values.
 */
@Tag("parity")
class PeftLoraParityTest {

  private static final float TOLERANCE = 1e-4f;
  private static final int HIDDEN = 32;
  private static final int PROJ = 4;
  private static final int LABELS = 3;

  /** LoraConfig fields compared as sets. */
  private static final Set<String> SETS = Set.of("target_modules", "modules_to_save");

  /** PEFT fields sure4j does not write, with the value PEFT gives them when they are absent. */
  private static final Map<String, String> PEFT_DEFAULTS =
      Map.of(
          "alpha_pattern", "{}",
          "rank_pattern", "{}",
          "auto_mapping", "null",
          "layer_replication", "null",
          "layers_pattern", "null",
          "loftq_config", "{}",
          "megatron_config", "null",
          "megatron_core", "\"megatron.core\"",
          "use_dora", "false",
          "use_rslora", "false");

  private static final PeftParity.Fixture FIXTURE = new PeftParity.Fixture("peft_lora");

  @TempDir Path tmp;

  private static LoraSpec expectedSpec() {
    return new LoraSpec(4, 8, 0.0, Targets.modules("q_proj", "v_proj"));
  }

  private static NDArray reference(NDManager m, String name) throws Exception {
    return PeftParity.reference(FIXTURE.reference(), name, m);
  }

  @Test
  void peftFileFromHubertModelMatchesPyTorch() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      PeftParity.load(m, FIXTURE.hubertModel(), expectedSpec())
          .compare(
              "PEFT LoRA (HubertModel layout), last_hidden_state",
              FIXTURE.reference(),
              TOLERANCE,
              100 * TOLERANCE);
    }
  }

  @Test
  void peftFileFromSequenceClassificationMatchesPyTorch() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(PeftParity.modelDir(), m);
      AdapterModel model = AdapterModel.wrap(encoder);
      SequenceClassificationHead head = new SequenceClassificationHead(HIDDEN, PROJ, LABELS);
      head.initialize(m, DataType.FLOAT32, new Shape(1, 2, HIDDEN));
      AdapterConfig config =
          AdapterFiles.load(model, FIXTURE.copy("sequence_classification"), "emotion", head);
      assertEquals(expectedSpec(), config.spec());
      model.setActiveAdapters("emotion");
      float[] a = Fixtures.firstUtterance();
      NDArray input = m.create(a, new Shape(1, a.length));
      NDArray logits =
          model.forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow();
      PeftParity.compare(
          "PEFT LoRA (HubertForSequenceClassification layout), logits via the head",
          reference(m, "logits"),
          logits,
          TOLERANCE);
      PeftParity.compare(
          "PEFT LoRA (HubertForSequenceClassification layout), last_hidden_state",
          reference(m, "last_hidden_state"),
          encoder.encode(input, null).lastHiddenState(),
          TOLERANCE);
    }
  }

  @Test
  void sure4jLoraSavesPeftNamesAndFields() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Path plain =
          PeftParity.saveFresh(
              m, "lora", expectedSpec(), FIXTURE.hubertModel(), tmp.resolve("plain"));
      assertPeftFields(FIXTURE.hubertModel(), plain);

      AdapterModel withHead = PeftParity.loadModel(m);
      SequenceClassificationHead head = new SequenceClassificationHead(HIDDEN, PROJ, LABELS);
      head.initialize(m, DataType.FLOAT32, new Shape(1, 2, HIDDEN));
      withHead.addAdapter("lora", expectedSpec(), head);
      Path classification = tmp.resolve("classification");
      AdapterFiles.saveForPeft(
          withHead,
          "lora",
          classification,
          Provenance.builder().setBaseModel(PeftParity.MODEL).build(),
          "hubert.");
      PeftParity.assertSameTensors(FIXTURE.copy("sequence_classification"), classification);
      assertPeftFields(FIXTURE.copy("sequence_classification"), classification);
    }
  }

  /**
   * Asserts the LoRA config sure4j wrote has PEFT's values ({@code target_modules} and {@code
   * modules_to_save} as sets) and leaves out only fields whose absence PEFT reads as their value.
   */
  static void assertPeftFields(Path peft, Path ours) throws IOException {
    PeftParity.assertPeftFields(peft, ours, SETS, PEFT_DEFAULTS);
  }
}
