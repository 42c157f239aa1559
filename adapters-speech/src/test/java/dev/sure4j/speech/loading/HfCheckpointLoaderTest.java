package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.TestCheckpoints.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfCheckpointLoaderTest extends ManagedTest {

  @TempDir Path tmp;

  /** The tiny encoder every test writes a checkpoint for or loads one into. */
  private SpeechEncoder tiny;

  @BeforeEach
  void makeTinyEncoder() {
    tiny = TestCheckpoints.tinyEncoder(manager);
  }

  private static void assertLoaded(SpeechEncoder encoder, Map<String, Tensor> expected) {
    Map<String, Parameter> params = StateDict.of(encoder, "");
    assertEquals(expected.keySet(), params.keySet());
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      NDArray a = params.get(e.getKey()).getArray();
      assertArrayEquals(e.getValue().shape(), a.getShape().getShape(), e.getKey());
      float[] got = a.toFloatArray();
      float d = 0;
      for (int i = 0; i < got.length; i++) {
        d = Math.max(d, Math.abs(got[i] - e.getValue().values()[i]));
      }
      assertTrue(d < 1e-6f, e.getKey() + " differs by " + d);
    }
  }

  private static Map<String, Tensor> expectedAfterFold(Map<String, Tensor> state) {
    Map<String, Tensor> expected = new LinkedHashMap<>(state);
    expected.put("encoder.pos_conv_embed.conv.weight", TestCheckpoints.foldedPosConv(state));
    return expected;
  }

  /** Writes a config and {@code model.safetensors} holding the state, each tensor as float32. */
  private void writeCheckpoint(Map<String, Tensor> state) throws IOException {
    writeCheckpoint(state, Map.of());
  }

  /** Writes a config and {@code model.safetensors} holding the state in the given dtypes. */
  private void writeCheckpoint(Map<String, Tensor> state, Map<String, String> dtypes)
      throws IOException {
    TestCheckpoints.writeConfig(tmp);
    TestCheckpoints.writeSafetensors(tmp.resolve("model.safetensors"), state, dtypes);
  }

  /** Loads the checkpoint in {@code tmp} as a new encoder and checks its every parameter. */
  private void assertLoads(Map<String, Tensor> expected) throws IOException {
    assertLoaded(HfCheckpointLoader.load(tmp, manager), expected);
  }

  /**
   * Writes a config and {@code model.safetensors} holding the state; the tiny encoder must refuse
   * it.
   */
  private IllegalArgumentException refused(Map<String, Tensor> state) throws IOException {
    writeCheckpoint(state);
    return refused();
  }

  /**
   * Loads the checkpoint in {@code tmp} into the tiny encoder, which must refuse it; prints why.
   */
  private IllegalArgumentException refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HfCheckpointLoader.loadWeights(tiny, tmp));
    System.out.println(e.getMessage());
    return e;
  }

  @Test
  void loadsPrefixedKeysWithWeightGAndIgnoresHeads() throws Exception {
    Map<String, Tensor> state = TestCheckpoints.randomState(tiny, 1);
    Map<String, Tensor> file =
        TestCheckpoints.prefixed(
            TestCheckpoints.withWeightNorm(state, "weight_g", "weight_v"), "hubert.");
    file.put("lm_head.weight", new Tensor(new float[] {1, 2}, new long[] {2, 1}));
    file.put("hubert.masked_spec_embed", new Tensor(new float[8], new long[] {8}));
    writeCheckpoint(file);

    assertLoads(expectedAfterFold(state));
  }

  @Test
  void loadsParametrizationsNamingFromShards() throws Exception {
    Map<String, Tensor> state = TestCheckpoints.randomState(tiny, 2);
    Map<String, Tensor> all =
        TestCheckpoints.prefixed(
            TestCheckpoints.withWeightNorm(
                state, "parametrizations.weight.original0", "parametrizations.weight.original1"),
            "wav2vec2.");
    Map<String, Tensor> shard1 = new LinkedHashMap<>();
    Map<String, Tensor> shard2 = new LinkedHashMap<>();
    StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
    int i = 0;
    for (Map.Entry<String, Tensor> e : all.entrySet()) {
      String shard =
          i % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
      (i % 2 == 0 ? shard1 : shard2).put(e.getKey(), e.getValue());
      index
          .append(i == 0 ? "" : ", ")
          .append('"')
          .append(e.getKey())
          .append("\": \"")
          .append(shard)
          .append('"');
      i++;
    }
    index.append("}}");
    TestCheckpoints.writeConfig(tmp);
    TestCheckpoints.writeSafetensors(tmp.resolve("model-00001-of-00002.safetensors"), shard1);
    TestCheckpoints.writeSafetensors(tmp.resolve("model-00002-of-00002.safetensors"), shard2);
    Files.writeString(tmp.resolve("model.safetensors.index.json"), index.toString());

    assertLoads(expectedAfterFold(state));
  }

  @Test
  void missingTensorIsNamedAndLeavesTheModelUnchanged() throws Exception {
    Map<String, Tensor> before = TestCheckpoints.randomState(tiny, 0);
    for (Map.Entry<String, Parameter> p : StateDict.of(tiny, "").entrySet()) {
      before.put(
          p.getKey(),
          new Tensor(
              p.getValue().getArray().toFloatArray(),
              p.getValue().getArray().getShape().getShape()));
    }
    Map<String, Tensor> state = TestCheckpoints.randomState(tiny, 3);
    state.remove("encoder.layers.0.attention.k_proj.bias");
    IllegalArgumentException e = refused(state);
    assertTrue(
        e.getMessage().contains("missing tensor encoder.layers.0.attention.k_proj.bias (8)"),
        e.getMessage());
    assertLoaded(tiny, before);
  }

  @Test
  void shapeMismatchNamesBothShapes() throws Exception {
    Map<String, Tensor> state = TestCheckpoints.randomState(tiny, 4);
    state.put(
        "encoder.layers.0.attention.q_proj.weight",
        new Tensor(new float[8 * 4], new long[] {8, 4}));
    IllegalArgumentException e = refused(state);
    assertTrue(
        e.getMessage()
            .contains(
                "tensor encoder.layers.0.attention.q_proj.weight in model.safetensors has shape"
                    + " (8, 4) but the model expects (8, 8)"),
        e.getMessage());
  }

  @Test
  void unexpectedTensorIsAnError() throws Exception {
    Map<String, Tensor> state =
        TestCheckpoints.prefixed(TestCheckpoints.randomState(tiny, 5), "hubert.");
    state.put(
        "hubert.encoder.layers.1.attention.q_proj.weight",
        new Tensor(new float[64], new long[] {8, 8}));
    IllegalArgumentException e = refused(state);
    assertTrue(
        e.getMessage()
            .contains("unexpected tensor hubert.encoder.layers.1.attention.q_proj.weight (8, 8)"),
        e.getMessage());
  }

  @Test
  void brokenPytorchBinIsAnErrorNamingTheFile() throws Exception {
    TestCheckpoints.writeConfig(tmp);
    Files.write(tmp.resolve("pytorch_model.bin"), new byte[] {1, 2, 3});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HfCheckpointLoader.load(tmp, manager));
    assertTrue(
        e.getMessage().startsWith(tmp.resolve("pytorch_model.bin") + ": not a torch.save file"),
        e.getMessage());
  }

  @Test
  void truncatedFileIsAnErrorNamingTheTensor() throws Exception {
    writeCheckpoint(TestCheckpoints.randomState(tiny, 6));
    Path file = tmp.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
    IllegalArgumentException e = refused();
    assertTrue(e.getMessage().contains("encoder.layers.0.final_layer_norm.bias"), e.getMessage());
  }

  @Test
  void foldMatchesTheDefinitionOnAKnownCase() {
    // v = [[3, 4]] per kernel position k along dim 2: shape (1, 2, 1); g = 10 -> w = 10 * v / 5
    float[] w =
        WeightNorm.fold(
            new float[] {10f}, new long[] {1, 1, 1}, new float[] {3f, 4f}, new long[] {1, 2, 1});
    assertArrayEquals(new float[] {6f, 8f}, w, 1e-6f);
    assertEquals(new Shape(1, 2, 1).size(), w.length);
  }

  @Test
  void halfBfloatAndDoubleTensorsAreConvertedToFloat() throws Exception {
    Map<String, Tensor> state = TestCheckpoints.quantised(TestCheckpoints.randomState(tiny, 7));
    Map<String, String> dtypes = new LinkedHashMap<>();
    String[] cycle = {"F16", "BF16", "F64", "F32"};
    int i = 0;
    for (String name : state.keySet()) {
      dtypes.put(name, cycle[i++ % cycle.length]);
    }
    assertTrue(dtypes.containsValue("F16") && dtypes.containsValue("BF16"));
    writeCheckpoint(state, dtypes);

    assertLoads(state);
  }

  @Test
  void integerTensorIsAnErrorNamingItsDtype() throws Exception {
    writeCheckpoint(
        TestCheckpoints.randomState(tiny, 8),
        Map.of("encoder.layers.0.attention.v_proj.bias", "I32"));
    IllegalArgumentException e = refused();
    assertTrue(
        e.getMessage()
            .contains(
                "encoder.layers.0.attention.v_proj.bias: dtype I32 is not a float type"
                    + " (F32, F16, BF16 or F64)"),
        e.getMessage());
  }
}
