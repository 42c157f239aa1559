package dev.sure4j.adapters.lora;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonPrimitive;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PiSSA and OLoRA starts and the conversion on save against PEFT's formulas in PyTorch (fixture
 * written by src/test/python/make_lora_start_fixture.py). Singular and QR vectors are defined up to
 * sign, so {@code A0} and {@code B0} are compared after matching the sign of each rank, and the
 * products {@code B A}, which have no sign ambiguity, as they are.
 */
@Tag("parity")
class LoraStartParityTest extends ManagedTest {

  private static final double TOLERANCE = 1e-5;
  private static final String LAYER = "encoder.layers.0.";
  private static final Map<String, String> PATHS =
      Map.of(
          "q", "attention.q_proj",
          "up", "feed_forward.intermediate_dense",
          "down", "feed_forward.output_dense");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pissa", "olora"})
  void startsResidualsAndSavedTensorsMatchPeft(String init) throws Exception {
    Path file = Path.of(getClass().getResource("/fixtures/lora/starts.safetensors").toURI());
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      int rank = Integer.parseInt(r.metadata().get("r"));
      double alpha = Double.parseDouble(r.metadata().get("lora_alpha"));
      AdapterModel m = AdapterModel.wrap(TinyModels.encoder(manager, 16, 4, 1, false));
      PATHS.forEach(
          (name, path) ->
              m.baseParameters()
                  .get(LAYER + path + ".weight")
                  .getArray()
                  .set(FloatBuffer.wrap(floats(r, name + ".weight"))));
      LoraSpec spec =
          LoraSpec.builder()
              .optRank(rank)
              .optAlpha(alpha)
              .optTargets(Targets.modules("q_proj", "intermediate_dense", "output_dense"))
              .optInit(LoraInit.fromPeft(new JsonPrimitive(init)))
              .build();
      m.addAdapter("s", spec);
      Adapter adapter = m.adapter("s");
      double worstAb = 0;
      double worstProduct = 0;
      double worstResidual = 0;
      double worstSaved = 0;
      for (Map.Entry<InjectionPoint, Block> e : adapter.blocks().entrySet()) {
        String name = nameOf(e.getKey().path());
        String key = name + "." + init;
        LoraDelta d = (LoraDelta) e.getValue();
        float[] a = d.loraA().getArray().toFloatArray();
        float[] b = d.loraB().getArray().toFloatArray();
        float[] a0 = floats(r, key + ".lora_A");
        float[] b0 = floats(r, key + ".lora_B");
        worstAb = Math.max(worstAb, upToSign(a, b, a0, b0, rank));
        worstProduct =
            Math.max(worstProduct, maxAbsDiff(product(b, a, rank), product(b0, a0, rank)));
        float[] residual =
            m.baseParameters().get(e.getKey().path() + ".weight").getArray().toFloatArray();
        worstResidual = Math.max(worstResidual, maxAbsDiff(residual, floats(r, key + ".residual")));
        d.loraA().getArray().set(FloatBuffer.wrap(floats(r, key + ".trained_A")));
        d.loraB().getArray().set(FloatBuffer.wrap(floats(r, key + ".trained_B")));
      }
      try (NDManager saving = NDManager.newBaseManager()) {
        Map<String, NDArray> saved = adapter.method().savedTensors(adapter, saving);
        for (String name : PATHS.keySet()) {
          String prefix = Adapter.BASE_PREFIX + LAYER + PATHS.get(name);
          float[] sa = saved.get(prefix + ".lora_A.weight").toFloatArray();
          float[] sb = saved.get(prefix + ".lora_B.weight").toFloatArray();
          float[] ea = floats(r, name + "." + init + ".saved_A");
          float[] eb = floats(r, name + "." + init + ".saved_B");
          worstSaved =
              Math.max(
                  worstSaved, maxAbsDiff(product(sb, sa, 2 * rank), product(eb, ea, 2 * rank)));
        }
      }
      System.out.printf(
          "LoRA %s vs PEFT (PyTorch): max abs difference A0,B0 (up to sign) %.3e, B0 A0 %.3e,"
              + " residual weight %.3e, saved rank-2r B A %.3e%n",
          init, worstAb, worstProduct, worstResidual, worstSaved);
      for (double v : new double[] {worstAb, worstProduct, worstResidual, worstSaved}) {
        assertTrue(v < TOLERANCE, init + ": max abs difference " + v);
      }
    }
  }

  private static String nameOf(String path) {
    return PATHS.entrySet().stream()
        .filter(e -> path.equals(LAYER + e.getValue()))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  private static float[] floats(SafetensorsReader r, String name) {
    try {
      return r.readFloats(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code B [out, k] A [k, in]}, row-major, in doubles. */
  private static double[] product(float[] b, float[] a, int k) {
    int out = b.length / k;
    int in = a.length / k;
    double[] p = new double[out * in];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) {
          s += (double) b[i * k + t] * a[t * in + j];
        }
        p[i * in + j] = s;
      }
    }
    return p;
  }

  /** The largest difference after flipping row t of A and column t of B to the reference's sign. */
  private static double upToSign(float[] a, float[] b, float[] a0, float[] b0, int k) {
    int in = a.length / k;
    int out = b.length / k;
    double worst = 0;
    for (int t = 0; t < k; t++) {
      double dot = 0;
      for (int j = 0; j < in; j++) {
        dot += (double) a[t * in + j] * a0[t * in + j];
      }
      int sign = dot < 0 ? -1 : 1;
      for (int j = 0; j < in; j++) {
        worst = Math.max(worst, Math.abs(sign * a[t * in + j] - a0[t * in + j]));
      }
      for (int i = 0; i < out; i++) {
        worst = Math.max(worst, Math.abs(sign * b[i * k + t] - b0[i * k + t]));
      }
    }
    return worst;
  }

  private static double maxAbsDiff(double[] x, double[] y) {
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    return max;
  }

  private static double maxAbsDiff(float[] x, float[] y) {
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    return max;
  }
}
