package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * A start of {@code A} and {@code B} taken from the base weight (PiSSA, OLoRA; see {@link
 * LoraInit}), computed in double precision with Apache Commons Math and kept so that a saved
 * adapter can be written against the untouched base.
 *
 * @param a {@code A0}, {@code [r, in]} row-major
 * @param b {@code B0}, {@code [out, r]} row-major
 */
public record LoraStart(float[] a, float[] b) {

  /**
   * Decomposes a base weight as PEFT's {@code pissa_init} or {@code olora_init} does.
   *
   * @param spec rank, alpha and a start that {@link LoraInit#changesBase() changes the base}
   * @param weight the base weight {@code [out, in]}, float32, not changed
   * @return {@code A0 [r, in]} and {@code B0 [out, r]}
   * @throws IllegalArgumentException when the rank exceeds {@code min(out, in)}
   */
  public static LoraStart of(LoraSpec spec, NDArray weight) {
    checkArgument(spec.init().changesBase(), "LoRA init %s does not use the base weight", spec);
    int out = Math.toIntExact(weight.getShape().get(0));
    int in = Math.toIntExact(weight.getShape().get(1));
    int r = spec.rank();
    checkArgument(
        r <= Math.min(out, in),
        "LoRA init %s needs rank <= min(out, in) = %s, got %s",
        spec.init().toPeft(),
        Math.min(out, in),
        r);
    float[] w = weight.toFloatArray();
    double[][] rows = new double[out][in];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        rows[i][j] = w[i * in + j];
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(rows, false);
    float[] a = new float[r * in];
    float[] b = new float[out * r];
    if (spec.init().kind() == LoraInit.Kind.OLORA) {
      QRDecomposition qr = new QRDecomposition(m);
      RealMatrix q = qr.getQ();
      RealMatrix rr = qr.getR();
      for (int k = 0; k < r; k++) {
        for (int j = 0; j < in; j++) {
          a[k * in + j] = (float) rr.getEntry(k, j);
        }
        for (int i = 0; i < out; i++) {
          b[i * r + k] = (float) q.getEntry(i, k);
        }
      }
    } else {
      SingularValueDecomposition svd = new SingularValueDecomposition(m);
      RealMatrix u = svd.getU();
      RealMatrix v = svd.getV();
      double[] s = svd.getSingularValues();
      for (int k = 0; k < r; k++) {
        double root = Math.sqrt(s[k] / spec.scaling());
        for (int j = 0; j < in; j++) {
          a[k * in + j] = (float) (root * v.getEntry(j, k));
        }
        for (int i = 0; i < out; i++) {
          b[i * r + k] = (float) (u.getEntry(i, k) * root);
        }
      }
    }
    return new LoraStart(a, b);
  }
}
