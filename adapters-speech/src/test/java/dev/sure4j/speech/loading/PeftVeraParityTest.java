package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
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
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.vera.VeraDelta;
import dev.sure4j.adapters.vera.VeraProjections;
import dev.sure4j.adapters.vera.VeraSpec;
import dev.sure4j.speech.encoder.EncoderOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VeRA files in Hugging Face PEFT's layout (fixtures from
 * src/test/python/make_peft_vera_fixtures.py: PEFT's VeRA forward in plain PyTorch on the
 * hubert_group_postln model, r=8, projection_prng_key 2024, on q_proj, v_proj and both feed-forward
 * linears, so that both shared matrices are sliced; lambdas random). {@code projection/} holds
 * {@code base_model.vera_A} and {@code base_model.vera_B}; {@code regenerated/} does not, and
 * sure4j draws them from the key as PyTorch does. Both give PyTorch's last hidden state, and a
 * sure4j VeRA saved in either mode has PEFT's tensor names and config values.
 */
@Tag("parity")
class PeftVeraParityTest {

  private static final float TOLERANCE = 1e-5f;

  /** VeraConfig fields sure4j does not write, with the value PEFT gives them when absent. */
  private static final Map<String, String> PEFT_DEFAULTS =
      Map.of("layers_pattern", "null", "auto_mapping", "null");

  @TempDir Path tmp;

  private static Path veraDir() throws Exception {
    return Fixtures.encoderDir().resolve("hubert_group_postln").resolve("peft_vera");
  }

  private static VeraSpec expectedSpec(boolean save) {
    return VeraSpec.builder()
        .optRank(8)
        .optProjectionPrngKey(2024)
        .optSaveProjection(save)
        .optTargets(
            Targets.modules(
                "feed_forward.intermediate_dense", "feed_forward.output_dense", "q_proj", "v_proj"))
        .build();
  }

  private static String copy(boolean save) {
    return save ? "projection" : "regenerated";
  }

  private static NDArray lastHiddenState(AdapterModel model, NDManager m) throws Exception {
    float[] a = Fixtures.firstUtterance();
    NDList out =
        model.forward(
            new ParameterStore(m, false), new NDList(m.create(a, new Shape(1, a.length))), false);
    return EncoderOutput.of(out).lastHiddenState();
  }

  @ParameterizedTest(name = "save_projection={0}")
  @ValueSource(booleans = {true, false})
  void peftFileMatchesPyTorch(boolean save) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Path modelDir = Fixtures.encoderDir().resolve("hubert_group_postln");
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir, m));
      NDArray base = lastHiddenState(model, m);
      AdapterConfig config = AdapterFiles.load(model, veraDir().resolve(copy(save)), "peft");
      assertEquals(expectedSpec(save), config.spec());
      model.setActiveAdapters("peft");
      NDArray expected;
      try (SafetensorsReader r =
          SafetensorsReader.open(veraDir().resolve("reference.safetensors"))) {
        expected = r.readArray("last_hidden_state", m);
      }
      NDArray actual = lastHiddenState(model, m);
      assertEquals(expected.getShape(), actual.getShape());
      float d = expected.sub(actual).abs().max().getFloat();
      System.out.printf(
          "PEFT VeRA (%s), last_hidden_state: max abs difference %.3g (max |ref| %.3g)%n",
          copy(save), d, expected.abs().max().getFloat());
      assertTrue(d <= TOLERANCE, copy(save) + ": max abs difference " + d + " > " + TOLERANCE);
      float shift = expected.sub(base).abs().max().getFloat();
      assertTrue(shift > 1000 * TOLERANCE, "the reference must differ from the base: " + shift);

      // the projections in use are PyTorch's, bit for bit: read from the file, or drawn from the
      // key
      VeraProjections p =
          ((VeraDelta) model.adapter("peft").blocks().values().iterator().next()).projections();
      try (SafetensorsReader r =
          SafetensorsReader.open(
              veraDir().resolve("projection").resolve(AdapterFiles.TENSOR_FILE))) {
        assertBits(r.readFloats(VeraProjections.A_NAME), p.a().getArray().toFloatArray());
        assertBits(r.readFloats(VeraProjections.B_NAME), p.b().getArray().toFloatArray());
      }
    }
  }

  private static void assertBits(float[] torch, float[] ours) {
    assertEquals(torch.length, ours.length);
    for (int i = 0; i < torch.length; i++) {
      assertEquals(Float.floatToRawIntBits(torch[i]), Float.floatToRawIntBits(ours[i]), "at " + i);
    }
  }

  @ParameterizedTest(name = "save_projection={0}")
  @ValueSource(booleans = {true, false})
  void sure4jVeraSavesPeftNamesAndFields(boolean save) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Path modelDir = Fixtures.encoderDir().resolve("hubert_group_postln");
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir, m));
      model.addAdapter("vera", expectedSpec(save));
      Path out = tmp.resolve(copy(save));
      AdapterFiles.save(
          model, "vera", out, Provenance.builder().setBaseModel("hubert_group_postln").build());
      Path peft = veraDir().resolve(copy(save));
      Map<String, Shape> expected = shapes(peft);
      assertEquals(expected, shapes(out), "tensor names and shapes");
      System.out.println(copy(save) + " tensors: " + expected.keySet());
      assertPeftFields(peft, out);

      // and loads back bit for bit
      AdapterModel again = AdapterModel.wrap(HfCheckpointLoader.load(modelDir, m));
      AdapterFiles.load(again, out, "vera");
      Map<String, Parameter> a = model.adapter("vera").tensors();
      Map<String, Parameter> b = again.adapter("vera").tensors();
      assertEquals(a.keySet(), b.keySet());
      for (String k : a.keySet()) {
        assertBits(a.get(k).getArray().toFloatArray(), b.get(k).getArray().toFloatArray());
      }
    }
  }

  private static Map<String, Shape> shapes(Path dir) throws IOException {
    Map<String, Shape> out = new TreeMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(AdapterFiles.TENSOR_FILE))) {
      for (TensorInfo t : r.tensors().values()) {
        out.put(t.name(), t.shape());
      }
      assertEquals("pt", r.metadata().get("format"), dir + ": PEFT's metadata");
    }
    return out;
  }

  private static void assertPeftFields(Path peft, Path ours) throws IOException {
    JsonObject expected = json(peft);
    JsonObject actual = json(ours);
    Set<String> written = new TreeSet<>(actual.keySet());
    written.remove("sure4j");
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(written);
    System.out.println(peft.getFileName() + " config: PEFT fields written " + written);
    System.out.println(peft.getFileName() + " config: left to PEFT's defaults " + missing);
    Map<String, JsonElement> differing = new LinkedHashMap<>();
    for (String f : written) {
      assertTrue(expected.has(f), "sure4j writes a field PEFT does not have: " + f);
      JsonElement e = expected.get(f);
      JsonElement a = actual.get(f);
      boolean same =
          f.equals("target_modules")
              ? sameSet(e, a)
              : e.equals(a) || (e.isJsonPrimitive() && a.isJsonPrimitive() && sameNumber(e, a));
      if (!same) {
        differing.put(f, a);
      }
    }
    assertEquals(Map.of(), differing, "fields whose value differs from PEFT's");
    for (String f : missing) {
      assertTrue(PEFT_DEFAULTS.containsKey(f), "PEFT field not written and not a default: " + f);
      assertEquals(
          JsonParser.parseString(PEFT_DEFAULTS.get(f)), expected.get(f), "PEFT default of " + f);
    }
    assertTrue(List.of("VERA").contains(actual.get("peft_type").getAsString()));
  }

  private static boolean sameSet(JsonElement e, JsonElement a) {
    Set<JsonElement> x = new HashSet<>();
    e.getAsJsonArray().forEach(x::add);
    Set<JsonElement> y = new HashSet<>();
    a.getAsJsonArray().forEach(y::add);
    return x.equals(y) && e.getAsJsonArray().size() == a.getAsJsonArray().size();
  }

  private static boolean sameNumber(JsonElement e, JsonElement a) {
    return e.getAsJsonPrimitive().isNumber()
        && a.getAsJsonPrimitive().isNumber()
        && e.getAsDouble() == a.getAsDouble();
  }

  private static JsonObject json(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve(AdapterConfig.FILE_NAME)))
        .getAsJsonObject();
  }
}
