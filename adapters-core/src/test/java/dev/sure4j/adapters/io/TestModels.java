package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import dev.sure4j.adapters.testing.SequenceClassificationHead;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small models and helpers shared by the adapter-file tests. */
final class TestModels {

  static final int FRAMES = 5;

  private TestModels() {}

  /** An adapter model over an initialised encoder of {@code layers} layers at width {@code d}. */
  static AdapterModel model(NDManager manager, int d, int heads, int layers) {
    TransformerEncoder encoder =
        new TransformerEncoder(TransformerLayerConfig.of(d, heads, 2 * d), layers);
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, FRAMES, d));
    return AdapterModel.wrap(encoder);
  }

  /** The default test model: D = 32, 4 heads, 2 layers. */
  static AdapterModel model(NDManager manager) {
    return model(manager, 32, 4, 2);
  }

  /** An initialised classification head on width {@code d}. */
  static SequenceClassificationHead head(NDManager manager, int d) {
    SequenceClassificationHead h = new SequenceClassificationHead(d, 4, 3);
    h.initialize(manager, DataType.FLOAT32, new Shape(1, FRAMES, d));
    return h;
  }

  /** Sets every parameter to N(0, 0.3) values from a seeded generator. */
  static void randomise(Map<String, Parameter> params, long seed) {
    Random r = new Random(seed);
    for (Parameter p : params.values()) {
      float[] v = new float[(int) p.getArray().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (0.3 * r.nextGaussian());
      }
      p.getArray().set(FloatBuffer.wrap(v));
    }
  }

  /** Copies values between parameters of equal paths. */
  static void copy(Map<String, Parameter> from, Map<String, Parameter> to) {
    assertEquals(from.keySet(), to.keySet());
    from.forEach((k, p) -> to.get(k).getArray().set(FloatBuffer.wrap(p.getArray().toFloatArray())));
  }

  /** Every parameter's values by path. */
  static Map<String, float[]> snapshot(AdapterModel model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    StateDict.of(model, "").forEach((k, p) -> out.put(k, p.getArray().toFloatArray()));
    return out;
  }

  /** A fixed input {@code [2, FRAMES, d]}. */
  static NDArray input(NDManager manager, int d) {
    float[] v = new float[2 * FRAMES * d];
    Random r = new Random(42);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return manager.create(v, new Shape(2, FRAMES, d));
  }

  /** Runs the model in inference mode. */
  static float[] forward(AdapterModel model, NDArray x) {
    try (NDManager sub = x.getManager().newSubManager()) {
      NDArray in = x.duplicate();
      in.attach(sub);
      NDList out = model.forward(new ParameterStore(sub, false), new NDList(in), false);
      return out.singletonOrThrow().toFloatArray();
    }
  }

  /** The largest absolute difference between two arrays of equal length. */
  static float maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  /** The fixture formula of make_safetensors_fixtures.py: ((i * 7 + k) % 97 - 48) / 64. */
  static float[] fill(int n, int k) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (((long) i * 7 + k) % 97 - 48) / 64f;
    }
    return v;
  }
}
