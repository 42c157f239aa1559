package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsLoRA and DoRA files in Hugging Face PEFT's layout (fixtures from
 * src/test/python/make_peft_lora_variants_fixtures.py: PEFT's forwards in plain PyTorch on the
 * hubert_group_postln model, r=4, lora_alpha=8, random A, B and magnitude): loaded into the encoder
 * they give PyTorch's last hidden state, and saved back they have PEFT's tensor names, shapes and
 * config fields ({@code use_rslora}, {@code use_dora}).
 */
@Tag("parity")
class PeftLoraVariantsParityTest {

  private static final float TOLERANCE = 1e-5f;

  @TempDir Path tmp;

  private static Path modelDir() throws Exception {
    return PeftParity.modelDir();
  }

  private static LoraSpec rslora() {
    return LoraSpec.builder()
        .optRank(4)
        .optAlpha(8)
        .optTargets(Targets.modules("q_proj", "v_proj"))
        .optUseRslora(true)
        .build();
  }

  private static LoraSpec dora() {
    return LoraSpec.builder()
        .optRank(4)
        .optAlpha(8)
        .optTargets(Targets.modules("q_proj", "v_proj", "feed_forward.intermediate_dense"))
        .optUseDora(true)
        .build();
  }

  private float loadAndCompare(String dirName, LoraSpec expectedSpec) throws Exception {
    Path dir = modelDir().resolve(dirName);
    try (NDManager m = NDManager.newBaseManager()) {
      PeftParity.Loaded peft = PeftParity.load(m, dir, expectedSpec);
      PeftParity.Compared c =
          peft.compare(
              "PEFT " + dirName + ", last_hidden_state",
              dir.resolve("reference.safetensors"),
              TOLERANCE,
              1000 * TOLERANCE);

      Path saved = PeftParity.save(peft.model(), PeftParity.ADAPTER, tmp.resolve(dirName));
      assertEquals(
          PeftParity.shapes(dir), PeftParity.shapes(saved), dirName + ": tensor names and shapes");
      assertSameFields(PeftParity.json(dir), PeftParity.json(saved), dirName);
      AdapterModel again = PeftParity.loadModel(m);
      AdapterFiles.load(again, saved, "again");
      again.setActiveAdapters("again");
      assertEquals(
          0f, c.actual().sub(PeftParity.lastHiddenState(again, m)).abs().max().getFloat(), 1e-6f);
      return c.difference();
    }
  }

  @Test
  void peftRsloraFileMatchesPyTorch() throws Exception {
    loadAndCompare("peft_rslora", rslora());
    JsonObject saved = PeftParity.json(tmp.resolve("peft_rslora"));
    assertEquals(true, saved.get("use_rslora").getAsBoolean());
    assertEquals(false, saved.get("use_dora").getAsBoolean());
  }

  @Test
  void peftDoraFileMatchesPyTorch() throws Exception {
    loadAndCompare("peft_dora", dora());
    Path saved = tmp.resolve("peft_dora");
    assertEquals(true, PeftParity.json(saved).get("use_dora").getAsBoolean());
    assertTrue(
        PeftParity.shapes(saved)
            .containsKey(
                "base_model.model.encoder.layers.1.feed_forward.intermediate_dense"
                    + ".lora_magnitude_vector"),
        PeftParity.shapes(saved).keySet().toString());
  }

  @Test
  void doraConfigWithoutMagnitudesNamesTheFileAndTensor() throws Exception {
    Path dir = tmp.resolve("no_magnitude");
    Files.createDirectories(dir);
    Path source = modelDir().resolve("peft_rslora");
    Files.copy(source.resolve(AdapterFiles.TENSOR_FILE), dir.resolve(AdapterFiles.TENSOR_FILE));
    JsonObject config = PeftParity.json(source);
    config.addProperty("use_rslora", false);
    config.addProperty("use_dora", true);
    Files.writeString(dir.resolve(AdapterConfig.FILE_NAME), config.toString());
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = PeftParity.loadModel(m);
      IllegalArgumentException e = PeftParity.refused(model, dir);
      assertTrue(e.getMessage().contains(AdapterFiles.TENSOR_FILE), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains("base_model.model.encoder.layers.0.attention.q_proj.lora_magnitude_vector"),
          e.getMessage());
      assertTrue(model.adapters().isEmpty());
    }
  }

  /** Every PEFT field sure4j writes has PEFT's value ({@code target_modules} as a set). */
  private static void assertSameFields(JsonObject peft, JsonObject ours, String what) {
    for (String f : ours.keySet()) {
      if (f.equals("sure4j")) {
        continue;
      }
      assertTrue(peft.has(f), what + ": sure4j writes a field PEFT does not have: " + f);
      JsonElement e = peft.get(f);
      JsonElement a = ours.get(f);
      boolean same = PeftParity.sameValue(f, e, a, Set.of("target_modules"), true);
      assertTrue(same, what + ": field " + f + " is " + a + ", PEFT wrote " + e);
    }
    for (String f : new String[] {"use_rslora", "use_dora", "r", "lora_alpha", "target_modules"}) {
      assertTrue(ours.has(f), what + ": field " + f + " not written");
    }
  }
}
