package dev.sure4j.adapters.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
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
    "3, 5, 7, 33, 3, 2, 1, 1, 1", // strided
    "2, 3, 4, 10, 3, 1, 0, 1, 1" // no padding
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
    NDArray y =
        Convolutions.conv1d(
            manager.create(x, new Shape(batch, in, time)),
            manager.create(w, new Shape(out, in / groups, kernel)),
            manager.create(b),
            g.stride(),
            g.padding(),
            g.dilation(),
            groups);
    assertArrayEquals(new long[] {batch, out, g.outTime()}, y.getShape().getShape());
    float[] expected = direct(x, w, b, g);
    float[] actual = y.toFloatArray();
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Float.isFinite(actual[i]), "element " + i + " is " + actual[i]);
      max = Math.max(max, Math.abs(actual[i] - expected[i]));
    }
    System.out.printf(
        "conv1d time %d kernel %d dilation %d: max abs diff %.3g%n",
        time, kernel, g.dilation(), max);
    // sums of up to 80 products of N(0, 1) values, up to about 30 in size: float32 rounding is
    // below 1e-5; a missed or garbage tap is of order 1
    assertTrue(max < 1e-4, "max abs difference " + max);
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

  /** PyTorch's conv1d written as its definition, summed in double precision. */
  private static float[] direct(float[] x, float[] w, float[] b, Geometry g) {
    int batch = g.batch();
    int in = g.in();
    int out = g.out();
    int time = g.time();
    int kernel = g.kernel();
    int outTime = g.outTime();
    int inPerGroup = in / g.groups();
    int outPerGroup = out / g.groups();
    float[] y = new float[batch * out * outTime];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        int group = o / outPerGroup;
        for (int t = 0; t < outTime; t++) {
          double sum = b[o];
          for (int c = 0; c < inPerGroup; c++) {
            for (int k = 0; k < kernel; k++) {
              int s = t * g.stride() - g.padding() + k * g.dilation();
              if (s >= 0 && s < time) {
                sum +=
                    (double) w[(o * inPerGroup + c) * kernel + k]
                        * x[(n * in + group * inPerGroup + c) * time + s];
              }
            }
          }
          y[(n * out + o) * outTime + t] = (float) sum;
        }
      }
    }
    return y;
  }
}
