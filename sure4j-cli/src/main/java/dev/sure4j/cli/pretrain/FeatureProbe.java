package dev.sure4j.cli.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.util.List;

/**
 * A frozen-feature sanity check of a backbone: every hidden state is mean-pooled over the frames of
 * each clip, standardised with the training statistics, and a multinomial logistic regression
 * (full-batch gradient descent, L2 1e-3, fixed settings, zero start, so deterministic) is fitted on
 * the training clips and scored on the test clips.
 */
public final class FeatureProbe {

  private static final int EPOCHS = 400;
  private static final double RATE = 0.5;
  private static final double L2 = 1e-3;

  private FeatureProbe() {}

  /**
   * Pools the hidden states of clips.
   *
   * @param encoder the frozen encoder
   * @param waves clips, each {@code [samples]}
   * @return {@code [layer][clip][hidden]}, layers {@code 0..L}
   */
  public static float[][][] pooled(SpeechEncoder encoder, List<float[]> waves) {
    int layers = encoder.config().numHiddenLayers() + 1;
    float[][][] out = new float[layers][waves.size()][];
    Device device = encoder.getParameters().valueAt(0).getArray().getDevice();
    for (int i = 0; i < waves.size(); i++) {
      try (NDManager m = NDManager.newBaseManager(device)) {
        float[] w = waves.get(i);
        EncoderOutput o = encoder.encode(m.create(w, new Shape(1, w.length)), null);
        for (int l = 0; l < layers; l++) {
          NDArray h = o.hiddenStates().get(l);
          out[l][i] = h.mean(new int[] {1}).toFloatArray();
        }
      }
    }
    return out;
  }

  /**
   * Fits on the training clips and returns the test accuracy.
   *
   * @param train {@code [clip][dims]} training features
   * @param trainLabels class per training clip, in {@code [0, classes)}
   * @param test {@code [clip][dims]} test features
   * @param testLabels class per test clip
   * @param classes number of classes
   * @return the share of test clips classified correctly
   */
  public static double accuracy(
      float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int classes) {
    checkArgument(train.length == trainLabels.length && test.length == testLabels.length, "sizes");
    int d = train[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (float[] x : train) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[j] / train.length;
      }
    }
    for (float[] x : train) {
      for (int j = 0; j < d; j++) {
        std[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / train.length;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j]) + 1e-6;
    }
    double[][] xs = standardise(train, mean, std);
    double[][] w = new double[classes][d + 1];
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      double[][] grad = new double[classes][d + 1];
      for (int i = 0; i < xs.length; i++) {
        double[] p = softmax(w, xs[i]);
        for (int c = 0; c < classes; c++) {
          double g = (p[c] - (trainLabels[i] == c ? 1 : 0)) / xs.length;
          for (int j = 0; j < d; j++) {
            grad[c][j] += g * xs[i][j];
          }
          grad[c][d] += g;
        }
      }
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j <= d; j++) {
          w[c][j] -= RATE * (grad[c][j] + (j < d ? L2 * w[c][j] : 0));
        }
      }
    }
    double[][] ts = standardise(test, mean, std);
    int correct = 0;
    for (int i = 0; i < ts.length; i++) {
      double[] p = softmax(w, ts[i]);
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      correct += best == testLabels[i] ? 1 : 0;
    }
    return (double) correct / ts.length;
  }

  private static double[][] standardise(float[][] x, double[] mean, double[] std) {
    double[][] out = new double[x.length][mean.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        out[i][j] = (x[i][j] - mean[j]) / std[j];
      }
    }
    return out;
  }

  private static double[] softmax(double[][] w, double[] x) {
    int d = x.length;
    double[] z = new double[w.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      double s = w[c][d];
      for (int j = 0; j < d; j++) {
        s += w[c][j] * x[j];
      }
      z[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
    return z;
  }
}
