package dev.sure4j.speech.loading;

/** Folds PyTorch's weight-norm pair ({@code weight_g}, {@code weight_v}) into one weight. */
public final class WeightNorm {

  private WeightNorm() {}

  /**
   * Folds weight norm: {@code w = g * v / ||v||}, the norm taken over every axis where {@code g}
   * has size 1. PyTorch's {@code weight_norm(module, dim=0)} stores {@code g} as {@code [out, 1,
   * 1]} for a convolution and {@code [in, 1, 1]} for a transposed convolution (its weight is {@code
   * [in, out, kernel]}); {@code dim=2} gives {@code [1, 1, kernel]}.
   *
   * @param g the scale {@code weight_g}, row-major
   * @param gShape its shape: the rank of {@code vShape}, each axis 1 or equal to {@code v}'s
   * @param v the direction {@code weight_v}, row-major
   * @param vShape its shape
   * @return the folded weight, row-major in {@code vShape}
   */
  public static float[] fold(float[] g, long[] gShape, float[] v, long[] vShape) {
    int rank = vShape.length;
    long[] gStrides = new long[rank];
    long stride = 1;
    for (int i = rank - 1; i >= 0; i--) {
      gStrides[i] = gShape[i] == 1 ? 0 : stride;
      stride *= gShape[i];
    }
    int[] gIndex = new int[v.length];
    long[] idx = new long[rank];
    for (int k = 0; k < v.length; k++) {
      long gi = 0;
      for (int i = 0; i < rank; i++) {
        gi += idx[i] * gStrides[i];
      }
      gIndex[k] = (int) gi;
      for (int i = rank - 1; i >= 0; i--) {
        if (++idx[i] < vShape[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    double[] sumSq = new double[g.length];
    for (int k = 0; k < v.length; k++) {
      sumSq[gIndex[k]] += (double) v[k] * v[k];
    }
    float[] w = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      w[k] = (float) (g[gIndex[k]] * (v[k] / Math.sqrt(sumSq[gIndex[k]])));
    }
    return w;
  }
}
