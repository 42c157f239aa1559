package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Convolutions#conv1d} against a direct double-precision sum over the kernel taps, including
 * kernels whose receptive field is wider than the input (middle output columns reach into the
 * padding on both sides), the case that differed between kernel paths.
 */
@Tag("parity")
class ConvolutionsTest extends ManagedTest {

  @ParameterizedTest(name = "in {1} out {2} time {3} kernel {4} stride {5} pad {6} dilation {7}")
  @CsvSource({
    // batch, in, out, time, kernel, stride, padding, dilation, groups
    "2, 16, 16, 22, 5, 1, 12, 6, 1", // receptive field 25 > 22: HiFi-GAN ResBlock2's first stage
    "2, 8, 8, 5, 7, 1, 9, 3, 1", // receptive field 19 over 5 samples
    "1, 4, 4, 3, 11, 1, 5, 1, 1", // kernel wider than the input, no dilation
    "2, 8, 8, 40, 16, 1, 8, 1, 4", // grouped, the positional convolution's shape, even kernel
    "2, 6, 6, 9, 5, 1, 2, 2, 6", // depthwise, as the ConvAdapter
    "2, 8, 8, 20, 3, 2, 1, 1, 8", // depthwise and strided
    "3, 5, 7, 33, 3, 2, 1, 1, 1", // strided
    "2, 3, 4, 10, 3, 1, 0, 1, 1", // no padding
    // input channels past one 16-channel block and not a multiple of it: libtorch 2.7.1's oneDNN
    // kernels summed these wrongly on AVX-512 (HiFi-GAN conv_pre over 20 mels)
    "2, 20, 32, 11, 7, 1, 3, 1, 1",
    "3, 24, 8, 64, 3, 1, 1, 1, 1",
    "2, 40, 20, 16, 5, 2, 2, 1, 2", // grouped, 20 channels a group
    "2, 1, 4, 40, 5, 3, 2, 1, 1" // 4 output channels: oneDNN's data gradient was wrong
  })
  void equalsTheDirectSum(ArgumentsAccessor row) {
    Geometry g = Geometry.of(row);
    int batch = g.batch();
    int in = g.in();
    int out = g.out();
    int time = g.time();
    int kernel = g.kernel();
    int groups = g.groups();
    Random r = new Random(in * 31L + time);
    float[] x = random(r, batch * in * time);
    float[] w = random(r, out * (in / groups) * kernel);
    float[] b = random(r, out);
    float[] gy = random(r, batch * out * g.outTime());
    NDArray xa = manager.create(x, new Shape(batch, in, time));
    NDArray wa = manager.create(w, new Shape(out, in / groups, kernel));
    xa.setRequiresGradient(true);
    wa.setRequiresGradient(true);
    NDArray y;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      y =
          Convolutions.conv1d(
              xa, wa, manager.create(b), g.stride(), g.padding(), g.dilation(), groups);
      gc.backward(y.mul(manager.create(gy, y.getShape())).sum());
    }
    assertArrayEquals(new long[] {batch, out, g.outTime()}, y.getShape().getShape());
    double[][] expected = direct(x, w, b, gy, g);
    double output = maxDifference(expected[0], y.toFloatArray());
    double inputGradient = maxDifference(expected[1], xa.getGradient().toFloatArray());
    double weightGradient = maxDifference(expected[2], wa.getGradient().toFloatArray());
    System.out.printf(
        "conv1d in %d time %d kernel %d dilation %d groups %d: max abs diff output %.3g, input"
            + " gradient %.3g, weight gradient %.3g%n",
        in, time, kernel, g.dilation(), groups, output, inputGradient, weightGradient);
    // sums of up to 300 products of N(0, 1) values, up to about 60 in size: float32 rounding is
    // below 1e-5; a missed or garbage tap is of order 1
    assertTrue(output < 1e-4, "output: max abs difference " + output);
    assertTrue(inputGradient < 1e-4, "input gradient: max abs difference " + inputGradient);
    assertTrue(weightGradient < 1e-4, "weight gradient: max abs difference " + weightGradient);
  }

  /**
   * A kernel one column wide over {@code [batch, in, height, width]}: each column is the 1-d
   * convolution of that column.
   */
  @Test
  void convolvesEachColumnOnItsOwn() {
    Random r = new Random(7);
    int batch = 2;
    int in = 3;
    int out = 5;
    int height = 12;
    int width = 3;
    float[] x = random(r, batch * in * height * width);
    float[] w = random(r, out * in * 5);
    NDArray xa = manager.create(x, new Shape(batch, in, height, width));
    NDArray y =
        Convolutions.conv2dOverHeight(
            xa, manager.create(w, new Shape(out, in, 5, 1)), null, 3, 2, 1);
    assertArrayEquals(new long[] {batch, out, 4, width}, y.getShape().getShape());
    for (int c = 0; c < width; c++) {
      NDArray column = xa.get(":, :, :, {}", c);
      NDArray expected =
          Convolutions.conv1d(column, manager.create(w, new Shape(out, in, 5)), null, 3, 2, 1, 1);
      assertArrayEquals(
          expected.toFloatArray(), y.get(":, :, :, {}", c).toFloatArray(), 0f, "column " + c);
    }
  }

  private static double maxDifference(double[] expected, float[] actual) {
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Float.isFinite(actual[i]), "element " + i + " is " + actual[i]);
      max = Math.max(max, Math.abs(actual[i] - expected[i]));
    }
    return max;
  }

  @Test
  void refusesANegativePadding() {
    NDArray x = manager.zeros(new Shape(1, 1, 4));
    NDArray w = manager.zeros(new Shape(1, 1, 3));
    assertThrows(
        IllegalArgumentException.class, () -> Convolutions.conv1d(x, w, null, 1, -1, 1, 1));
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /** A convolution's sizes, as the test's CSV rows give them. */
  private record Geometry(
      int batch,
      int in,
      int out,
      int time,
      int kernel,
      int stride,
      int padding,
      int dilation,
      int groups) {

    static Geometry of(ArgumentsAccessor row) {
      int[] v = new int[row.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = row.getInteger(i);
      }
      return new Geometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    int outTime() {
      return (time + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    }
  }

  /**
   * PyTorch's conv1d written as its definition, summed in double precision, with the gradients of
   * {@code sum(y * gy)}: returns the output, the input's gradient and the weight's gradient.
   */
  private static double[][] direct(float[] x, float[] w, float[] b, float[] gy, Geometry g) {
    int batch = g.batch();
    int in = g.in();
    int out = g.out();
    int time = g.time();
    int kernel = g.kernel();
    int outTime = g.outTime();
    int inPerGroup = in / g.groups();
    int outPerGroup = out / g.groups();
    double[] y = new double[batch * out * outTime];
    double[] gx = new double[x.length];
    double[] gw = new double[w.length];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        int group = o / outPerGroup;
        for (int t = 0; t < outTime; t++) {
          int yi = (n * out + o) * outTime + t;
          double sum = b[o];
          for (int c = 0; c < inPerGroup; c++) {
            for (int k = 0; k < kernel; k++) {
              int s = t * g.stride() - g.padding() + k * g.dilation();
              if (s >= 0 && s < time) {
                int wi = (o * inPerGroup + c) * kernel + k;
                int xi = (n * in + group * inPerGroup + c) * time + s;
                sum += (double) w[wi] * x[xi];
                gx[xi] += (double) w[wi] * gy[yi];
                gw[wi] += (double) x[xi] * gy[yi];
              }
            }
          }
          y[yi] = sum;
        }
      }
    }
    return new double[][] {y, gx, gw};
  }
}
