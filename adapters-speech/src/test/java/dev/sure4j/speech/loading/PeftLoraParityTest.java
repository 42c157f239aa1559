package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import dev.sure4j.adapters.testing.SequenceClassificationHead;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  @TempDir Path tmp;

  private static Path modelDir() throws Exception {
    return Fixtures.encoderDir().resolve("hubert_group_postln");
  }

  private static Path peftDir(String copy) throws Exception {
    return modelDir().resolve("peft_lora").resolve(copy);
  }

  private static LoraSpec expectedSpec() {
    return new LoraSpec(4, 8, 0.0, Targets.modules("q_proj", "v_proj"));
  }

  private static NDArray reference(NDManager m, String name) throws Exception {
    try (SafetensorsReader r =
        SafetensorsReader.open(modelDir().resolve("peft_lora").resolve("reference.safetensors"))) {
      return r.readArray(name, m);
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
        "%s: max |diff| = %.3g (max |ref| = %.3g)%n", what, d, expected.abs().max().getFloat());
    assertTrue(d <= TOLERANCE, what + ": max |diff| " + d + " > " + TOLERANCE);
    return d;
  }

  @Test
  void peftFileFromHubertModelMatchesPyTorch() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(modelDir(), m);
      AdapterModel model = AdapterModel.wrap(encoder);
      NDArray base = lastHiddenState(model, m);
      AdapterConfig config = AdapterFiles.load(model, peftDir("hubert_model"), "peft");
      assertEquals(expectedSpec(), config.spec());
      model.setActiveAdapters("peft");
      NDArray expected = reference(m, "last_hidden_state");
      check(
          "PEFT LoRA (HubertModel layout), last_hidden_state", expected, lastHiddenState(model, m));
      float shift = expected.sub(base).abs().max().getFloat();
      System.out.printf("the adapter moves the output by max %.3g%n", shift);
      assertTrue(shift > 100 * TOLERANCE, "the reference must differ from the base model");
    }
  }

  @Test
  void peftFileFromSequenceClassificationMatchesPyTorch() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(modelDir(), m);
      AdapterModel model = AdapterModel.wrap(encoder);
      SequenceClassificationHead head = new SequenceClassificationHead(HIDDEN, PROJ, LABELS);
      head.initialize(m, DataType.FLOAT32, new Shape(1, 2, HIDDEN));
      AdapterConfig config =
          AdapterFiles.load(model, peftDir("sequence_classification"), "emotion", head);
      assertEquals(expectedSpec(), config.spec());
      model.setActiveAdapters("emotion");
      float[] a = Fixtures.firstUtterance();
      NDArray input = m.create(a, new Shape(1, a.length));
      NDArray logits =
          model.forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow();
      check(
          "PEFT LoRA (HubertForSequenceClassification layout), logits via the head",
          reference(m, "logits"),
          logits);
      check(
          "PEFT LoRA (HubertForSequenceClassification layout), last_hidden_state",
          reference(m, "last_hidden_state"),
          encoder.encode(input, null).lastHiddenState());
    }
  }

  @Test
  void sure4jLoraSavesPeftNamesAndFields() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      AdapterModel model = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      model.addAdapter("lora", expectedSpec());
      Provenance provenance = Provenance.builder().setBaseModel("hubert_group_postln").build();
      Path plain = tmp.resolve("plain");
      AdapterFiles.save(model, "lora", plain, provenance);
      assertSameTensors(peftDir("hubert_model"), plain);
      assertPeftFields(peftDir("hubert_model"), plain);

      AdapterModel withHead = AdapterModel.wrap(HfCheckpointLoader.load(modelDir(), m));
      SequenceClassificationHead head = new SequenceClassificationHead(HIDDEN, PROJ, LABELS);
      head.initialize(m, DataType.FLOAT32, new Shape(1, 2, HIDDEN));
      withHead.addAdapter("lora", expectedSpec(), head);
      Path classification = tmp.resolve("classification");
      AdapterFiles.saveForPeft(withHead, "lora", classification, provenance, "hubert.");
      assertSameTensors(peftDir("sequence_classification"), classification);
      assertPeftFields(peftDir("sequence_classification"), classification);
    }
  }

  static void assertSameTensors(Path peft, Path ours) throws IOException {
    Map<String, Shape> expected = shapes(peft);
    Map<String, Shape> actual = shapes(ours);
    System.out.println(peft.getFileName() + " tensors: " + actual.keySet());
    assertEquals(expected, actual, "tensor names and shapes");
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

  static void assertPeftFields(Path peft, Path ours) throws IOException {
    JsonObject expected = json(peft);
    JsonObject actual = json(ours);
    Set<String> written = new TreeSet<>(actual.keySet());
    written.remove("sure4j");
    Set<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(written);
    System.out.println(peft.getFileName() + " config: PEFT fields written " + written);
    System.out.println(
        peft.getFileName() + " config: PEFT fields left to PEFT's defaults " + missing);
    Map<String, JsonElement> differing = new LinkedHashMap<>();
    for (String f : written) {
      assertTrue(expected.has(f), "sure4j writes a field PEFT does not have: " + f);
      JsonElement e = expected.get(f);
      JsonElement a = actual.get(f);
      boolean same =
          f.equals("target_modules") || f.equals("modules_to_save")
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
  }

  private static boolean sameSet(JsonElement e, JsonElement a) {
    if (e.isJsonNull() || a.isJsonNull()) {
      return e.isJsonNull() && a.isJsonNull();
    }
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
