package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.SequenceClassificationHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files in PEFT's layout for a Hugging Face {@code HubertForSequenceClassification}: the fixture in
 * {@code peft_hubert_lora/} was written by {@code make_safetensors_fixtures.py} with the names PEFT
 * uses ({@code base_model.model.hubert.encoder...}, heads from {@code modules_to_save} as {@code
 * base_model.model.projector.weight}).
 */
@Tag("parity")
class PeftInteropTest {

  private static final int D = 8;

  @TempDir Path tmp;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Path fixture() throws Exception {
    return Path.of(PeftInteropTest.class.getResource("peft_hubert_lora").toURI());
  }

  private AdapterModel model() {
    return TestModels.model(manager, D, 2, 2);
  }

  @Test
  void loadsPeftHubertLoraWithHead() throws Exception {
    AdapterModel m = model();
    SequenceClassificationHead head = TestModels.head(manager, D);
    AdapterConfig c = AdapterFiles.load(m, fixture(), "emotion", head);
    assertEquals(
        new LoraSpec(4, 16, 0.1, new Targets(List.of("v_proj", "q_proj"), Set.of(1))), c.spec());
    Map<String, Parameter> t = m.adapter("emotion").tensors();
    String q = "base_model.model.encoder.layers.1.attention.q_proj.";
    String v = "base_model.model.encoder.layers.1.attention.v_proj.";
    assertEquals(
        new TreeSet<>(
            List.of(
                q + "lora_A.weight",
                q + "lora_B.weight",
                v + "lora_A.weight",
                v + "lora_B.weight",
                "head.projector.weight",
                "head.projector.bias",
                "head.classifier.weight",
                "head.classifier.bias")),
        new TreeSet<>(t.keySet()));
    assertArrayEquals(TestModels.fill(4 * D, 0), values(t.get(q + "lora_A.weight")));
    assertArrayEquals(TestModels.fill(D * 4, 1), values(t.get(q + "lora_B.weight")));
    assertArrayEquals(TestModels.fill(4 * D, 2), values(t.get(v + "lora_A.weight")));
    assertArrayEquals(TestModels.fill(D * 4, 3), values(t.get(v + "lora_B.weight")));
    assertArrayEquals(TestModels.fill(4 * D, 10), values(t.get("head.projector.weight")));
    assertArrayEquals(TestModels.fill(4, 11), values(t.get("head.projector.bias")));
    assertArrayEquals(TestModels.fill(3 * 4, 12), values(t.get("head.classifier.weight")));
    assertArrayEquals(TestModels.fill(3, 13), values(t.get("head.classifier.bias")));
  }

  private static float[] values(Parameter p) {
    return p.getArray().toFloatArray();
  }

  @Test
  void peftPrefixesAreStrippedOnlyWhenListed() throws Exception {
    AdapterModel m = model();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AdapterFiles.load(m, fixture(), "emotion", TestModels.head(manager, D), List.of()));
    assertTrue(
        e.getMessage()
            .contains("base_model.model.hubert.encoder.layers.1.attention.q_proj.lora_A.weight"),
        e.getMessage());
    assertEquals(Set.of(), m.adapters().keySet());
  }

  @Test
  void saveForPeftWritesPeftLayoutAndLoadsBack() throws IOException {
    AdapterModel a = model();
    a.addAdapter(
        "emotion", LoraSpec.builder().optRank(2).optAlpha(4).build(), TestModels.head(manager, D));
    a.setActiveAdapters("emotion");
    TestModels.randomise(a.adapter("emotion").tensors(), 5);
    NDArray x = TestModels.input(manager, D);
    float[] expected = TestModels.forward(a, x);
    Path dir = tmp.resolve("for-peft");
    AdapterFiles.saveForPeft(
        a,
        "emotion",
        dir,
        Provenance.builder().setBaseModel("facebook/hubert-base-ls960").build(),
        "hubert.");
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(AdapterFiles.TENSOR_FILE))) {
      assertTrue(
          r.names()
              .contains("base_model.model.hubert.encoder.layers.0.attention.q_proj.lora_A.weight"));
      assertTrue(r.names().contains("base_model.model.projector.weight"));
      assertTrue(r.names().contains("base_model.model.classifier.bias"));
      assertTrue(r.names().stream().noneMatch(n -> n.startsWith("head.")));
    }
    String json = Files.readString(dir.resolve(AdapterConfig.FILE_NAME));
    assertEquals(
        List.of("projector", "classifier"), AdapterConfig.fromJson(json, "c").modulesToSave());

    AdapterModel b = model();
    TestModels.copy(a.baseParameters(), b.baseParameters());
    AdapterFiles.load(b, dir, "emotion", TestModels.head(manager, D));
    b.setActiveAdapters("emotion");
    float[] actual = TestModels.forward(b, x);
    System.out.printf(
        "PEFT layout: max |saved - loaded| = %g%n", TestModels.maxAbsDiff(expected, actual));
    assertArrayEquals(expected, actual);
  }
}
