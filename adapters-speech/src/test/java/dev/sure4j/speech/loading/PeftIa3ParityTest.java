package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.encoder.EncoderOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IA3 files in Hugging Face PEFT's layout (fixtures from src/test/python/make_peft_ia3_fixtures.py:
 * PEFT's IA3 forward in plain PyTorch on the hubert_group_postln model, output scaling on k_proj
 * and v_proj, input scaling on the feed-forward output_dense, every ia3_l random around one):
 * loaded into the encoder they give PyTorch's last hidden state, unmerged and merged, and a sure4j
 * IA3 saved for PEFT has PEFT's tensor names, shapes and config values.
 */
@Tag("parity")
class PeftIa3ParityTest {

  private static final float TOLERANCE = 1e-5f;

  /** IA3Config fields sure4j does not write, with the value PEFT gives them when absent. */
  private static final Set<String> LEFT_TO_PEFT = Set.of("auto_mapping", "peft_version");

  @TempDir Path tmp;

  private static Path modelDir() throws Exception {
    return Fixtures.encoderDir().resolve("hubert_group_postln");
  }

  private static Path peftDir() throws Exception {
    return modelDir().resolve("peft_ia3").resolve("hubert_model");
  }

  private static Ia3Spec expectedSpec() {
    return new Ia3Spec(
        Targets.modules("k_proj", "output_dense", "v_proj"), List.of("output_dense"));
  }

  private static NDArray reference(NDManager m) throws Exception {
    try (SafetensorsReader r =
        SafetensorsReader.open(modelDir().resolve("peft_ia3").resolve("reference.safetensors"))) {
      return r.readArray("last_hidden_state", m);
    }
  }

  private static NDArray lastHiddenState(AdapterModel model, NDManager m) throws Exception {
    float[] a = Fixtures.firstUtterance();
    NDList out =
        model.forward(
            new ParameterStore(m, false), new NDList(m.create(a, new Shape(1, a.length))), false);
    return EncoderOutput.of(out).lastHiddenState();
  }

  private static float check(String what, NDArray expected, NDArray actual) {
    assertEquals(expected.getShape(), actual.getShape(), what + " shape");
    float d = expected.sub(actual).abs().max().getFloat();
    System.out.printf(
        "%s: max abs difference %.3g (max |ref| = %.3g, tolerance %.0g)%n",
        what, d, expected.abs().max().getFloat(), TOLERANCE);
    assertTrue(d <= TOLERANCE, what + ": max abs difference " + d + " > " + TOLERANCE);
    return d;
  }

  @Test
  void peftFileMatchesPyTorchUnmergedAndMerged() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      NDArray base = lastHiddenState(model, m);
      AdapterConfig config = AdapterFiles.load(model, peftDir(), "peft");
      assertEquals(expectedSpec(), config.spec());
      model.setActiveAdapters("peft");
      NDArray expected = reference(m);
      NDArray unmerged = lastHiddenState(model, m);
      check("PEFT IA3 (HubertModel layout), last_hidden_state, unmerged", expected, unmerged);
      float shift = expected.sub(base).abs().max().getFloat();
      System.out.printf("the adapter moves the output by max %.3g%n", shift);
      assertTrue(shift > 1000 * TOLERANCE, "the reference must differ from the base model");

      model.merge("peft");
      NDArray merged = lastHiddenState(model, m);
      check("PEFT IA3, last_hidden_state, merged", expected, merged);
      check("PEFT IA3, merged vs unmerged", unmerged, merged);
      model.unmerge("peft");
      check("PEFT IA3, last_hidden_state, unmerged again", expected, lastHiddenState(model, m));
    }
  }

  @Test
  void sure4jIa3SavesPeftNamesShapesAndFields() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      model.addAdapter("ia3", expectedSpec());
      Path ours = tmp.resolve("ia3");
      AdapterFiles.save(
          model, "ia3", ours, Provenance.builder().setBaseModel("hubert_group_postln").build());
      Map<String, Shape> expected = shapes(peftDir());
      Map<String, Shape> actual = shapes(ours);
      System.out.println("IA3 tensors: " + actual);
      assertEquals(expected, actual, "tensor names and shapes");

      JsonObject peft = json(peftDir());
      JsonObject written = json(ours);
      Set<String> fields = new TreeSet<>(written.keySet());
      fields.remove("sure4j");
      System.out.println("IA3 config: PEFT fields written " + fields);
      for (String f : fields) {
        assertTrue(peft.has(f), "sure4j writes a field IA3Config does not have: " + f);
        JsonElement e = peft.get(f);
        JsonElement a = written.get(f);
        boolean same =
            f.equals("target_modules") || f.equals("feedforward_modules")
                ? sameSet(e, a)
                : e.equals(a);
        assertTrue(same, f + ": PEFT has " + e + ", sure4j wrote " + a);
      }
      Set<String> missing = new TreeSet<>(peft.keySet());
      missing.removeAll(fields);
      System.out.println("IA3 config: left to PEFT's defaults " + missing);
      assertEquals(LEFT_TO_PEFT, missing);
    }
  }

  @Test
  void aFileWhoseFeedforwardModulesDisagreeWithItsTensorsIsRefused() throws Exception {
    Path dir = tmp.resolve("no-feedforward");
    Files.createDirectories(dir);
    Files.copy(peftDir().resolve(AdapterFiles.TENSOR_FILE), dir.resolve(AdapterFiles.TENSOR_FILE));
    String config = Files.readString(peftDir().resolve(AdapterConfig.FILE_NAME));
    Files.writeString(
        dir.resolve(AdapterConfig.FILE_NAME),
        config.replace(
            "\"feedforward_modules\": [\n    \"output_dense\"\n  ]",
            "\"feedforward_modules\": []"));
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model, dir, "x"));
      System.out.println(e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("feed_forward.output_dense.ia3_l"), "names the tensor");
      assertTrue(model.adapters().isEmpty(), "nothing attached");
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

  private static boolean sameSet(JsonElement e, JsonElement a) {
    Set<JsonElement> x = new HashSet<>();
    e.getAsJsonArray().forEach(x::add);
    Set<JsonElement> y = new HashSet<>();
    a.getAsJsonArray().forEach(y::add);
    return x.equals(y) && e.getAsJsonArray().size() == a.getAsJsonArray().size();
  }

  private static JsonObject json(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve(AdapterConfig.FILE_NAME)))
        .getAsJsonObject();
  }
}
