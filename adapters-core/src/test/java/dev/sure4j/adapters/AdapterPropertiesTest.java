package dev.sure4j.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.lora.LoraDelta;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties over random sizes, checked against closed forms and plain-Java arithmetic. */
class AdapterPropertiesTest {

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Property(tries = 25)
  void loraOutputIsTheBasePlusTheScaledLowRankProduct(
      @ForAll @IntRange(min = 1, max = 24) int in,
      @ForAll @IntRange(min = 1, max = 24) int out,
      @ForAll @IntRange(min = 1, max = 8) int rank,
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 32) int alpha,
      @ForAll long seed) {
    Random r = new Random(seed);
    try (NDManager m = NDManager.newBaseManager()) {
      AdaptableLinear lin = new AdaptableLinear(in, out, true);
      lin.initialize(m, DataType.FLOAT32, new Shape(rows, in));
      LoraSpec spec = LoraSpec.builder().optRank(rank).optAlpha(alpha).build();
      LoraDelta delta = new LoraDelta(in, out, spec);
      delta.initialize(m, DataType.FLOAT32, new Shape(rows, in));
      float[] w = random(r, out * in);
      float[] b = random(r, out);
      float[] a = random(r, rank * in);
      float[] bb = random(r, out * rank);
      float[] x = random(r, rows * in);
      set(lin.weight(), w);
      set(lin.getParameters().get("bias"), b);
      set(delta.loraA(), a);
      set(delta.loraB(), bb);
      lin.attachAdapter("l", delta);
      lin.setActiveAdapters(List.of("l"));
      NDArray y =
          lin.forward(
                  new ParameterStore(m, false), new NDList(m.create(x, new Shape(rows, in))), false)
              .singletonOrThrow();
      double s = (double) alpha / rank;
      float[] expected = new float[rows * out];
      for (int i = 0; i < rows; i++) {
        for (int o = 0; o < out; o++) {
          double acc = b[o];
          for (int k = 0; k < in; k++) {
            acc += x[i * in + k] * w[o * in + k];
          }
          for (int q = 0; q < rank; q++) {
            double ax = 0;
            for (int k = 0; k < in; k++) {
              ax += a[q * in + k] * x[i * in + k];
            }
            acc += s * bb[o * rank + q] * ax;
          }
          expected[i * out + o] = (float) acc;
        }
      }
      assertArrayEquals(expected, y.toFloatArray(), 1e-3f);
    }
  }

  private static void set(Parameter p, float[] v) {
    p.getArray().set(FloatBuffer.wrap(v));
  }

  @Property(tries = 15)
  void parameterCountsEqualTheClosedForms(
      @ForAll @IntRange(min = 1, max = 4) int headsFactor,
      @ForAll @IntRange(min = 1, max = 3) int layers,
      @ForAll @IntRange(min = 1, max = 8) int rank,
      @ForAll @IntRange(min = 1, max = 6) int prefix) {
    int heads = 2;
    long d = 16L * headsFactor;
    long f = 3 * d;
    try (NDManager m = NDManager.newBaseManager()) {
      TransformerEncoder enc =
          new TransformerEncoder(TransformerLayerConfig.of((int) d, heads, (int) f), layers);
      enc.initialize(m, DataType.FLOAT32, new Shape(1, 1, d));
      AdapterModel model = AdapterModel.wrap(enc);
      long base = model.trainableParameters().all();
      assertEquals(layers * (4 * (d * d + d) + d * f + f + f * d + d + 4 * d), base);

      long lora = layers * rank * (4 * (d + d) + (d + f) + (f + d));
      assertEquals(lora, count(model, LoraSpec.builder().optRank(rank).build()));

      long w = d / 4;
      long bottleneck = layers * 2 * (2 * d * w + w + d);
      assertEquals(
          bottleneck,
          count(
              model,
              BottleneckSpec.builder()
                  .optWidth((int) w)
                  .optTargets(Targets.modules("post_attention", "post_ffn"))
                  .build()));

      long half = d / 2;
      long se = d / 8;
      long conv = layers * (2 * d + half * 2 * 3 + half * 5 + d * 3 + 2 * d * se);
      assertEquals(conv, count(model, ConvAdapterSpec.builder().optSeReduction(8).build()));

      assertEquals(
          layers * 2L * prefix * d, count(model, PrefixSpec.builder().optLength(prefix).build()));
      assertEquals(base, model.trainableParameters().all());
    }
  }

  private static long count(AdapterModel model, AdapterSpec spec) {
    model.addAdapter("x", spec);
    model.setActiveAdapters("x");
    long n = model.trainableParameters().trainable();
    model.deleteAdapter("x");
    return n;
  }

  @Property(tries = 12)
  void outputsKeepTheirShapeAndPaddingDoesNotLeak(
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 1, max = 9) int frames,
      @ForAll @IntRange(min = 0, max = 3) int method,
      @ForAll boolean preNorm) {
    int d = 16;
    AdapterSpec spec =
        switch (method) {
          case 0 -> LoraSpec.builder().optRank(2).build();
          case 1 -> BottleneckSpec.houlsby();
          case 2 -> PrefixSpec.builder().optLength(3).optDropout(0).build();
          default -> PrefixSpec.builder().optLength(2).optDropout(0).optReparameterize(4).build();
        };
    try (NDManager m = NDManager.newBaseManager()) {
      TransformerEncoder enc =
          new TransformerEncoder(TransformerLayerConfig.of(d, 4, 32).withPreNorm(preNorm), 2);
      enc.initialize(m, DataType.FLOAT32, new Shape(1, 1, d));
      AdapterModel model = AdapterModel.wrap(enc);
      model.addAdapter("a", spec).setActiveAdapters("a");
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = m.randomNormal(new Shape(batch, frames + 2, d));
      float[][] mask = new float[batch][frames + 2];
      for (float[] row : mask) {
        Arrays.fill(row, 0, frames, 1f);
      }
      NDArray y = model.forward(ps, new NDList(x, m.create(mask)), false).head();
      assertEquals(x.getShape(), y.getShape());
      NDArray alone = x.get("0:1, 0:" + frames);
      NDArray yAlone =
          model.forward(ps, new NDList(alone, m.ones(new Shape(1, frames))), false).head();
      float diff = yAlone.sub(y.get("0:1, 0:" + frames)).abs().max().getFloat();
      assertTrue(diff < 1e-4, "padding changed valid frames by " + diff);
    }
  }
}
