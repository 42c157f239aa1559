package dev.sure4j.adapters.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.WeightInput;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.testing.ManagedTest;
import org.junit.jupiter.api.Test;

/**
 * DoRA's initial magnitude, forward and gradients against the formulas written out in plain Java:
 * {@code delta = (c - 1) x W^T + c s B A x} with {@code c = m / ||W + s B A||}, the norm detached.
 */
class DoraDeltaTest extends ManagedTest {

  private static final int IN = 3;
  private static final int OUT = 2;
  private static final float S = 2f; // alpha 2, r 1
  private static final float[][] W = {{0.5f, -1f, 2f}, {1.5f, 0.25f, -0.75f}};
  private static final float[] BIAS = {0.3f, -0.2f};
  private static final float[][] A = {{0.4f, -0.3f, 0.2f}};
  private static final float[][] B = {{0.6f}, {-0.9f}};
  private static final float[] M = {1.7f, 3.1f};
  private static final float[][] X = {{1f, 2f, -1f}, {0.5f, -1.5f, 2.5f}};

  private DoraDelta dora(AdaptableLinear host) {
    LoraSpec spec =
        LoraSpec.builder()
            .optRank(1)
            .optAlpha(2)
            .optTargets(Targets.modules("x"))
            .optUseDora(true)
            .build();
    DoraDelta d = new DoraDelta(IN, OUT, host.weight(), spec);
    d.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
    return d;
  }

  private AdaptableLinear host() {
    AdaptableLinear host = new AdaptableLinear(IN, OUT, true);
    host.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
    host.weight().getArray().set(flat(W));
    host.getParameters().get("bias").getArray().set(BIAS);
    return host;
  }

  private static float[] flat(float[][] a) {
    float[] out = new float[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
    }
    return out;
  }

  /** {@code (W + s B A)[o]}. */
  private static double[] updated(int o) {
    double[] row = new double[IN];
    for (int i = 0; i < IN; i++) {
      row[i] = W[o][i] + S * B[o][0] * A[0][i];
    }
    return row;
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d * d;
    }
    return Math.sqrt(s);
  }

  @Test
  void magnitudeStartsAtTheRowNormsOfTheWeight() {
    AdaptableLinear host = host();
    DoraDelta d = dora(host);
    float[] m = d.magnitude().getArray().toFloatArray();
    for (int o = 0; o < OUT; o++) {
      assertEquals(norm(toDouble(W[o])), m[o], 1e-6, "row " + o);
    }
    assertEquals(new Shape(OUT), d.magnitude().getArray().getShape());
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  @Test
  void forwardAndGradientsFollowTheFormulaWithTheNormDetached() {
    AdaptableLinear host = host();
    DoraDelta d = dora(host);
    d.loraA().getArray().set(flat(A));
    d.loraB().getArray().set(flat(B));
    d.magnitude().getArray().set(M);
    NDArray x = manager.create(flat(X), new Shape(X.length, IN));
    NDArray w = host.weight().getArray();
    NDArray b = host.getParameters().get("bias").getArray();
    NDArray output = x.matMul(w.transpose()).add(b);
    for (NDArray p :
        new NDArray[] {d.loraA().getArray(), d.loraB().getArray(), d.magnitude().getArray()}) {
      p.setRequiresGradient(true);
    }
    float[] delta;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray out =
          d.apply(new ParameterStore(manager, false), new WeightInput(x, output, w, b), true);
      delta = out.toFloatArray();
      gc.backward(out.sum());
    }
    double[] c = new double[OUT];
    double[] gradM = new double[OUT];
    double[][] gradB = new double[OUT][1];
    double[][] gradA = new double[1][IN];
    for (int o = 0; o < OUT; o++) {
      double n = norm(updated(o));
      c[o] = M[o] / n;
      for (int row = 0; row < X.length; row++) {
        double wx = 0;
        double ax = 0;
        for (int i = 0; i < IN; i++) {
          wx += W[o][i] * X[row][i];
          ax += A[0][i] * X[row][i];
        }
        double expected = (c[o] - 1) * wx + c[o] * S * B[o][0] * ax;
        assertEquals(expected, delta[row * OUT + o], 1e-5, "delta row " + row + " out " + o);
        gradM[o] += (wx + S * B[o][0] * ax) / n;
        gradB[o][0] += c[o] * S * ax;
        for (int i = 0; i < IN; i++) {
          gradA[0][i] += c[o] * S * B[o][0] * X[row][i];
        }
      }
    }
    assertArrayEquals(
        toFloat(gradM), d.magnitude().getArray().getGradient().toFloatArray(), 1e-5f, "dm");
    assertArrayEquals(
        toFloat(gradB[0][0], gradB[1][0]),
        d.loraB().getArray().getGradient().toFloatArray(),
        1e-5f,
        "dB (no term through the detached norm)");
    assertArrayEquals(
        toFloat(gradA[0]), d.loraA().getArray().getGradient().toFloatArray(), 1e-5f, "dA");
  }

  private static float[] toFloat(double... v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  @Test
  void mergeFoldsTheUpdateIntoTheWeightAndUnmergeRestoresIt() {
    AdaptableLinear host = host();
    DoraDelta d = dora(host);
    d.loraA().getArray().set(flat(A));
    d.loraB().getArray().set(flat(B));
    d.magnitude().getArray().set(M);
    NDArray w = host.weight().getArray();
    NDArray b = host.getParameters().get("bias").getArray();
    d.merge(w, b);
    float[] merged = w.toFloatArray();
    for (int o = 0; o < OUT; o++) {
      double[] row = updated(o);
      double c = M[o] / norm(row);
      for (int i = 0; i < IN; i++) {
        assertEquals(c * row[i], merged[o * IN + i], 1e-5, "W'[" + o + "," + i + "]");
      }
    }
    assertArrayEquals(BIAS, b.toFloatArray(), "the bias is unchanged");
    d.unmerge(w, b);
    assertArrayEquals(flat(W), w.toFloatArray(), 1e-6f);
  }
}
