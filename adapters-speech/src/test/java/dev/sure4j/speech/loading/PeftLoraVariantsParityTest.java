package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.encoder.EncoderOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    return Fixtures.encoderDir().resolve("hubert_group_postln");
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

  private static NDArray lastHiddenState(AdapterModel model, NDManager m) throws Exception {
    float[] a = Fixtures.firstUtterance();
    NDList out =
        model.forward(
            new ParameterStore(m, false), new NDList(m.create(a, new Shape(1, a.length))), false);
    return EncoderOutput.of(out).lastHiddenState();
  }

  private float loadAndCompare(String dirName, LoraSpec expectedSpec) throws Exception {
    Path dir = modelDir().resolve(dirName);
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      NDArray base = lastHiddenState(model, m);
      AdapterConfig config = AdapterFiles.load(model, dir, "peft");
      assertEquals(expectedSpec, config.spec());
      model.setActiveAdapters("peft");
      NDArray expected;
      try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("reference.safetensors"))) {
        expected = r.readArray("last_hidden_state", m);
      }
      NDArray actual = lastHiddenState(model, m);
      assertEquals(expected.getShape(), actual.getShape());
      float d = expected.sub(actual).abs().max().getFloat();
      float shift = expected.sub(base).abs().max().getFloat();
      System.out.printf(
          "PEFT %s, last_hidden_state: max abs difference %.3g (the adapter moves it by %.3g)%n",
          dirName, d, shift);
      assertTrue(d <= TOLERANCE, dirName + ": max abs difference " + d + " > " + TOLERANCE);
      assertTrue(shift > 1000 * TOLERANCE, "the reference must differ from the base model");

      Path saved = tmp.resolve(dirName);
      AdapterFiles.save(
          model, "peft", saved, Provenance.builder().setBaseModel("hubert_group_postln").build());
      assertEquals(shapes(dir), shapes(saved), dirName + ": tensor names and shapes");
      assertSameFields(json(dir), json(saved), dirName);
      AdapterModel again = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      AdapterFiles.load(again, saved, "again");
      again.setActiveAdapters("again");
      assertEquals(0f, actual.sub(lastHiddenState(again, m)).abs().max().getFloat(), 1e-6f);
      return d;
    }
  }

  @Test
  void peftRsloraFileMatchesPyTorch() throws Exception {
    loadAndCompare("peft_rslora", rslora());
    JsonObject saved = json(tmp.resolve("peft_rslora"));
    assertEquals(true, saved.get("use_rslora").getAsBoolean());
    assertEquals(false, saved.get("use_dora").getAsBoolean());
  }

  @Test
  void peftDoraFileMatchesPyTorch() throws Exception {
    loadAndCompare("peft_dora", dora());
    Path saved = tmp.resolve("peft_dora");
    assertEquals(true, json(saved).get("use_dora").getAsBoolean());
    assertTrue(
        shapes(saved)
            .containsKey(
                "base_model.model.encoder.layers.1.feed_forward.intermediate_dense"
                    + ".lora_magnitude_vector"),
        shapes(saved).keySet().toString());
  }

  @Test
  void doraConfigWithoutMagnitudesNamesTheFileAndTensor() throws Exception {
    Path dir = tmp.resolve("no_magnitude");
    Files.createDirectories(dir);
    Path source = modelDir().resolve("peft_rslora");
    Files.copy(source.resolve(AdapterFiles.TENSOR_FILE), dir.resolve(AdapterFiles.TENSOR_FILE));
    JsonObject config = json(source);
    config.addProperty("use_rslora", false);
    config.addProperty("use_dora", true);
    Files.writeString(dir.resolve(AdapterConfig.FILE_NAME), config.toString());
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model, dir, "x"));
      System.out.println(e.getMessage());
      assertTrue(e.getMessage().contains(AdapterFiles.TENSOR_FILE), e.getMessage());
      assertTrue(
          e.getMessage()
              .contains("base_model.model.encoder.layers.0.attention.q_proj.lora_magnitude_vector"),
          e.getMessage());
      assertTrue(model.adapters().isEmpty());
    }
  }

  private static Map<String, Shape> shapes(Path dir) throws IOException {
    Map<String, Shape> out = new TreeMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(AdapterFiles.TENSOR_FILE))) {
      for (TensorInfo t : r.tensors().values()) {
        out.put(t.name(), t.shape());
      }
    }
    return out;
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
      boolean same =
          f.equals("target_modules")
              ? asSet(e).equals(asSet(a))
              : e.equals(a)
                  || (e.isJsonPrimitive()
                      && e.getAsJsonPrimitive().isNumber()
                      && a.isJsonPrimitive()
                      && a.getAsJsonPrimitive().isNumber()
                      && e.getAsDouble() == a.getAsDouble());
      assertTrue(same, what + ": field " + f + " is " + a + ", PEFT wrote " + e);
    }
    for (String f : new String[] {"use_rslora", "use_dora", "r", "lora_alpha", "target_modules"}) {
      assertTrue(ours.has(f), what + ": field " + f + " not written");
    }
  }

  private static Set<JsonElement> asSet(JsonElement e) {
    Set<JsonElement> s = new HashSet<>();
    e.getAsJsonArray().forEach(s::add);
    return s;
  }

  private static JsonObject json(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve(AdapterConfig.FILE_NAME)))
        .getAsJsonObject();
  }
}
