package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.vera.VeraDelta;
import dev.sure4j.adapters.vera.VeraProjections;
import dev.sure4j.adapters.vera.VeraSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final PeftParity.Fixture FIXTURE = new PeftParity.Fixture("peft_vera");

  @TempDir Path tmp;

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

  @ParameterizedTest(name = "save_projection={0}")
  @ValueSource(booleans = {true, false})
  void peftFileMatchesPyTorch(boolean save) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      PeftParity.Loaded peft = PeftParity.load(m, FIXTURE.copy(copy(save)), expectedSpec(save));
      peft.compare(
          "PEFT VeRA (" + copy(save) + "), last_hidden_state",
          FIXTURE.reference(),
          TOLERANCE,
          1000 * TOLERANCE);

      // the projections in use are PyTorch's, bit for bit: read from the file, or drawn from the
      // key
      VeraProjections p =
          ((VeraDelta) peft.model().adapter(PeftParity.ADAPTER).blocks().values().iterator().next())
              .projections();
      try (SafetensorsReader r =
          SafetensorsReader.open(FIXTURE.copy("projection").resolve(AdapterFiles.TENSOR_FILE))) {
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
      AdapterModel model = PeftParity.loadModel(m);
      model.addAdapter("vera", expectedSpec(save));
      Path out = PeftParity.save(model, "vera", tmp.resolve(copy(save)));
      Path peft = FIXTURE.copy(copy(save));
      Map<String, Shape> expected = PeftParity.peftShapes(peft);
      assertEquals(expected, PeftParity.peftShapes(out), "tensor names and shapes");
      System.out.println(copy(save) + " tensors: " + expected.keySet());
      PeftParity.assertPeftFields(peft, out, Set.of("target_modules"), PEFT_DEFAULTS);
      assertTrue(List.of("VERA").contains(PeftParity.json(out).get("peft_type").getAsString()));

      // and loads back bit for bit
      AdapterModel again = PeftParity.loadModel(m);
      AdapterFiles.load(again, out, "vera");
      Map<String, Parameter> a = model.adapter("vera").tensors();
      Map<String, Parameter> b = again.adapter("vera").tensors();
      assertEquals(a.keySet(), b.keySet());
      for (String k : a.keySet()) {
        assertBits(a.get(k).getArray().toFloatArray(), b.get(k).getArray().toFloatArray());
      }
    }
  }
}
