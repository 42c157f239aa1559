package dev.sure4j.adapters.ia3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.inject.WeightInput;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IA3's vectors, formulas, merge and fields against hand-written loops and PEFT's {@code IA3Config}
 * layout. The expected values here are computed element by element in Java, not with the block.
 */
class Ia3Test extends ManagedTest {

  private static final int IN = 3;
  private static final int OUT = 2;
  private static final float[] W = {0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f}; // [OUT, IN], row-major
  private static final float[] B = {0.1f, -0.2f};
  private static final float[] X = {1f, 2f, -1f, 0.5f, -0.5f, 3f}; // [2, IN]

  private Ia3Delta delta(boolean feedforward, float[] l) {
    Ia3Delta d = new Ia3Delta(IN, OUT, feedforward);
    d.initialize(manager, DataType.FLOAT32, new Shape(1, 1, IN));
    d.ia3L().getArray().set(l);
    return d;
  }

  /** {@code x W^T + b} for row {@code r} of {@code x} and output {@code o}, scaled inputs. */
  private static float linear(float[] x, int r, int o, float[] inScale, boolean bias) {
    float s = bias ? B[o] : 0;
    for (int i = 0; i < IN; i++) {
      s += x[r * IN + i] * inScale[i] * W[o * IN + i];
    }
    return s;
  }

  private WeightInput input() {
    NDArray x = manager.create(X, new Shape(2, IN));
    NDArray w = manager.create(W, new Shape(OUT, IN));
    NDArray b = manager.create(B);
    float[] y = new float[2 * OUT];
    for (int r = 0; r < 2; r++) {
      for (int o = 0; o < OUT; o++) {
        y[r * OUT + o] = linear(X, r, o, new float[] {1, 1, 1}, true);
      }
    }
    return new WeightInput(x, manager.create(y, new Shape(2, OUT)), w, b);
  }

  @Test
  void vectorsStartAtOneWithPeftShapes() {
    Ia3Delta out = new Ia3Delta(IN, OUT, false);
    out.initialize(manager, DataType.FLOAT32, new Shape(1, 1, IN));
    Ia3Delta ff = new Ia3Delta(IN, OUT, true);
    ff.initialize(manager, DataType.FLOAT32, new Shape(1, 1, IN));
    assertEquals(new Shape(OUT, 1), out.ia3L().getArray().getShape());
    assertEquals(new Shape(1, IN), ff.ia3L().getArray().getShape());
    assertArrayEquals(new float[] {1, 1}, out.ia3L().getArray().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 1}, ff.ia3L().getArray().toFloatArray());
    assertEquals("ia3_l", out.getParameters().keys().get(0));
  }

  @Test
  void outputScalingAddsLTimesOutputMinusOutput() {
    float[] l = {1.5f, -0.5f};
    NDArray update = delta(false, l).apply(new ParameterStore(manager, false), input(), false);
    float[] got = update.toFloatArray();
    for (int r = 0; r < 2; r++) {
      for (int o = 0; o < OUT; o++) {
        float y = linear(X, r, o, new float[] {1, 1, 1}, true);
        assertEquals(l[o] * y - y, got[r * OUT + o], 1e-6f, "row " + r + " out " + o);
      }
    }
  }

  @Test
  void inputScalingScalesTheInputAndNotTheBias() {
    float[] l = {2f, 0.5f, -1f};
    NDArray update = delta(true, l).apply(new ParameterStore(manager, false), input(), false);
    float[] got = update.toFloatArray();
    for (int r = 0; r < 2; r++) {
      for (int o = 0; o < OUT; o++) {
        float expected = linear(X, r, o, l, true) - linear(X, r, o, new float[] {1, 1, 1}, true);
        assertEquals(expected, got[r * OUT + o], 1e-6f, "row " + r + " out " + o);
      }
    }
  }

  @Test
  void mergeScalesRowsAndBiasOrColumnsAndUnmergeDividesBack() {
    float[] lo = {1.5f, -0.5f};
    NDArray w = manager.create(W, new Shape(OUT, IN));
    NDArray b = manager.create(B);
    Ia3Delta out = delta(false, lo);
    out.merge(w, b);
    float[] mw = w.toFloatArray();
    for (int o = 0; o < OUT; o++) {
      for (int i = 0; i < IN; i++) {
        assertEquals(W[o * IN + i] * lo[o], mw[o * IN + i], 1e-7f);
      }
      assertEquals(B[o] * lo[o], b.toFloatArray()[o], 1e-7f);
    }
    out.unmerge(w, b);
    assertArrayEquals(W, w.toFloatArray(), 1e-6f);
    assertArrayEquals(B, b.toFloatArray(), 1e-6f);

    float[] li = {2f, 0.5f, -1f};
    Ia3Delta ff = delta(true, li);
    ff.merge(w, b);
    mw = w.toFloatArray();
    for (int o = 0; o < OUT; o++) {
      for (int i = 0; i < IN; i++) {
        assertEquals(W[o * IN + i] * li[i], mw[o * IN + i], 1e-7f);
      }
    }
    assertArrayEquals(B, b.toFloatArray(), 0f, "a feed-forward merge leaves the bias");
    ff.unmerge(w, b);
    assertArrayEquals(W, w.toFloatArray(), 1e-6f);
  }

  @Test
  void feedforwardModulesMustBeTargetsAndMatchByPeftSuffix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ia3Spec.builder().optFeedforward("intermediate_dense").build());
    assertTrue(
        e.getMessage().contains("'intermediate_dense' must also be a target"), e.getMessage());
    Ia3Spec spec = Ia3Spec.builder().build();
    assertTrue(spec.isFeedforward("encoder.layers.0.feed_forward.output_dense"));
    assertFalse(spec.isFeedforward("encoder.layers.0.attention.k_proj"));
  }

  @Test
  void regexTargetsTakeFeedforwardNamesUncheckedAsPeftDoes() {
    // PEFT checks feedforward_modules against target_modules only when both are lists
    Ia3Spec spec =
        new Ia3Spec(
            Targets.regex("model\\.encoder\\.(?:.*\\.)?(?:k_proj|v_proj|fc2)"), List.of("fc2"));
    assertTrue(spec.isFeedforward("model.encoder.layers.0.fc2"));
    assertFalse(spec.isFeedforward("model.encoder.layers.0.self_attn.v_proj"));
  }

  @Test
  void blocksHavePeftTensorNamesAndShapes() {
    int d = 16;
    AdapterModel m = AdapterModel.wrap(TinyModels.encoder(manager, d, 4, 2, false));
    m.addAdapter("ia3", Ia3Spec.builder().build());
    Map<String, Parameter> tensors = m.adapter("ia3").tensors();
    assertEquals(6, tensors.size(), tensors.keySet().toString());
    String stem = "base_model.model.encoder.layers.1.";
    assertEquals(
        new Shape(d, 1), tensors.get(stem + "attention.k_proj.ia3_l").getArray().getShape());
    assertEquals(
        new Shape(d, 1), tensors.get(stem + "attention.v_proj.ia3_l").getArray().getShape());
    Shape ff = tensors.get(stem + "feed_forward.output_dense.ia3_l").getArray().getShape();
    assertEquals(1, ff.get(0));
    assertTrue(ff.get(1) > d, "output_dense's input is the feed-forward width: " + ff);
  }

  private static String peftConfig(String feedforward, String extra) {
    return "{\"peft_type\": \"IA3\", \"target_modules\": [\"k_proj\", \"v_proj\", \"output_dense\"],"
        + " \"feedforward_modules\": "
        + feedforward
        + ", \"fan_in_fan_out\": false, \"init_ia3_weights\": true, \"exclude_modules\": null,"
        + " \"inference_mode\": true"
        + extra
        + "}";
  }

  @Test
  void peftConfigsAreReadAndBadFieldsNameTheFileAndField() {
    AdapterConfig c = AdapterConfig.fromJson(peftConfig("[\"output_dense\"]", ""), "cfg.json");
    assertEquals(Ia3Spec.builder().build(), c.spec());

    IllegalArgumentException notTarget =
        assertThrows(
            IllegalArgumentException.class,
            () -> AdapterConfig.fromJson(peftConfig("[\"intermediate_dense\"]", ""), "cfg.json"));
    assertTrue(
        notTarget.getMessage().startsWith("cfg.json: field 'feedforward_modules' is invalid"),
        notTarget.getMessage());
    assertFalse(notTarget.getMessage().contains("\n"));

    IllegalArgumentException regex =
        assertThrows(
            IllegalArgumentException.class,
            () -> AdapterConfig.fromJson(peftConfig("\".*output_dense\"", ""), "cfg.json"));
    assertTrue(
        regex
            .getMessage()
            .startsWith("cfg.json: field 'feedforward_modules' is \".*output_dense\""),
        regex.getMessage());

    IllegalArgumentException fanInFanOut =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AdapterConfig.fromJson(
                    peftConfig("[]", "")
                        .replace("\"fan_in_fan_out\": false", "\"fan_in_fan_out\": true"),
                    "cfg.json"));
    assertTrue(
        fanInFanOut.getMessage().startsWith("cfg.json: field 'fan_in_fan_out' is true"),
        fanInFanOut.getMessage());
  }

  @Test
  void writtenConfigHasPeftIa3FieldsAndReadsBack() {
    Ia3Spec spec =
        Ia3Spec.builder()
            .optTargets(Targets.modules("q_proj", "intermediate_dense"))
            .optFeedforward("intermediate_dense")
            .build();
    AdapterConfig c =
        AdapterConfig.of(spec, Provenance.builder().setBaseModel("tiny").build(), null, List.of());
    JsonObject o = JsonParser.parseString(c.toJson()).getAsJsonObject();
    assertEquals("IA3", o.get("peft_type").getAsString());
    assertEquals("[\"intermediate_dense\"]", o.get("feedforward_modules").toString());
    assertEquals("[\"q_proj\",\"intermediate_dense\"]", o.get("target_modules").toString());
    assertFalse(o.get("fan_in_fan_out").getAsBoolean());
    assertTrue(o.get("init_ia3_weights").getAsBoolean());
    assertTrue(o.get("exclude_modules").isJsonNull());
    assertFalse(o.has("layers_to_transform"), "IA3Config has no layers_to_transform");
    assertEquals(spec, AdapterConfig.fromJson(c.toJson(), "written").spec());
  }
}
