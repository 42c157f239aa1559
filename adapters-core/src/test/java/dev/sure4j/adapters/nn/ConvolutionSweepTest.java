package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Convolutions#conv1d} in float32 against libtorch's convolution in float64 (libtorch's own
 * code, not oneDNN's), output and both gradients, over a sweep of channel counts, kernels, strides,
 * dilations, groups and batch sizes. For comparison it also runs libtorch's float32 convolution on
 * every shape and prints the ones it gets wrong: on an AMD EPYC with AVX-512 (libtorch 2.7.1,
 * oneDNN 3.7.1) those include every strided shape with 48 input channels a group (the data
 * gradient) besides the channel tails of docs/kernel-matrix.md; on an AVX2 machine, none.
 */
class ConvolutionSweepTest {

  /** Relative error (max abs difference over max abs value) that counts as wrong. */
  private static final double WRONG = 1e-4;

  /** Input samples of every swept convolution. */
  private static final int TIME = 24;

  @Test
  void everySweptShapeMatchesFloat64OnThisCpu() {
    List<String> ours = new ArrayList<>();
    List<String> libtorch = new ArrayList<>();
    int shapes = 0;
    int[][] kernels = {{1, 1, 1}, {3, 2, 1}, {5, 1, 2}, {10, 5, 1}, {16, 1, 1}}; // k, stride, dil
    for (int batch : new int[] {1, 2}) {
      for (int inPerGroup : new int[] {1, 16, 20, 48}) {
        for (int outPerGroup : new int[] {4, 16, 48}) {
          for (int[] k : kernels) {
            for (int groups : new int[] {1, 4}) {
              Geometry g =
                  new Geometry(batch, inPerGroup * groups, outPerGroup * groups, k, groups);
              shapes++;
              Error mine = g.worstRelativeError(Geometry::windows);
              Error theirs = g.worstRelativeError(Geometry::libtorch);
              if (mine.relative() > WRONG) {
                ours.add(g + ": " + mine);
              }
              if (theirs.relative() > WRONG) {
                libtorch.add(g + ": " + theirs);
              }
            }
          }
        }
      }
    }
    System.out.printf(
        "convolution sweep, %d shapes: Convolutions.conv1d wrong on %d, libtorch's float32"
            + " convolution on %d%n",
        shapes, ours.size(), libtorch.size());
    libtorch.forEach(shape -> System.out.println("  libtorch wrong: " + shape));
    assertTrue(ours.isEmpty(), "Convolutions.conv1d is wrong on " + ours);
  }

  /** One swept convolution; {@code in} and {@code out} are totals, divisible by the groups. */
  private record Geometry(int batch, int in, int out, int[] kernel, int groups) {

    int padding() {
      return kernel[2] * (kernel[0] - 1) / 2;
    }

    @Override
    public String toString() {
      return String.format(
          "batch %d in %d out %d kernel %d stride %d dilation %d groups %d",
          batch, in, out, kernel[0], kernel[1], kernel[2], groups);
    }

    static NDArray windows(Run r) {
      return Convolutions.conv1d(
          r.x, r.w, null, r.g.kernel[1], r.g.padding(), r.g.kernel[2], r.g.groups);
    }

    static NDArray libtorch(Run r) {
      Geometry g = r.g;
      return Conv1d.conv1d(
              r.x,
              r.w,
              null,
              new Shape(g.kernel[1]),
              new Shape(g.padding()),
              new Shape(g.kernel[2]),
              g.groups)
          .singletonOrThrow();
    }

    /** The worst of output, input gradient and weight gradient against libtorch in float64. */
    Error worstRelativeError(Function<Run, NDArray> conv) {
      float[][] single = run(DataType.FLOAT32, conv);
      float[][] exact = run(DataType.FLOAT64, Geometry::libtorch);
      Error worst = new Error("output", 0);
      for (int i = 0; i < single.length; i++) {
        double diff = 0;
        double scale = 0;
        for (int j = 0; j < single[i].length; j++) {
          diff = Math.max(diff, Math.abs(single[i][j] - exact[i][j]));
          scale = Math.max(scale, Math.abs(exact[i][j]));
        }
        double relative = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / scale;
        if (relative > worst.relative()) {
          worst = new Error(PARTS[i], relative);
        }
      }
      return worst;
    }

    private float[][] run(DataType type, Function<Run, NDArray> conv) {
      try (NDManager m = NDManager.newBaseManager()) {
        Random r = new Random(in * 31L + out * 7L + kernel[0]);
        NDArray x = gaussian(m, r, new Shape(batch, in, TIME)).toType(type, false);
        NDArray w = gaussian(m, r, new Shape(out, in / groups, kernel[0])).toType(type, false);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray y = conv.apply(new Run(this, x, w));
          NDArray dy = gaussian(m, new Random(2), y.getShape()).toType(type, false);
          gc.backward(y.mul(dy).sum());
          return new float[][] {
            floats(y), floats(x.getGradient()), floats(w.getGradient()),
          };
        }
      }
    }

    private static NDArray gaussian(NDManager m, Random r, Shape shape) {
      float[] v = new float[(int) shape.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      return m.create(v, shape);
    }

    private static float[] floats(NDArray a) {
      return a.toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  private static final String[] PARTS = {"output", "input gradient", "weight gradient"};

  /** The largest relative error of a run and the part (output or gradient) it was found in. */
  private record Error(String part, double relative) {
    @Override
    public String toString() {
      return String.format("%s off by %.2g relative", part, relative);
    }
  }

  /** The arrays of one run of a geometry. */
  private record Run(Geometry g, NDArray x, NDArray w) {}
}
