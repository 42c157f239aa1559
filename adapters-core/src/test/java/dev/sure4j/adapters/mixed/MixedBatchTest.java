package dev.sure4j.adapters.mixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A mixed-adapter batch gives every row what a pass of its own adapter gives it. The reference is
 * the ordinary path (one adapter active for the whole pass), which shares no code with the per-row
 * routing. Tolerance 1e-5 (float32 rounding of the same products in another order).
 */
class MixedBatchTest extends ManagedTest {

  private static final int HIDDEN = 16;
  private static final int FRAMES = 7;
  private static final float TOLERANCE = 1e-5f;

  private AdapterModel model(boolean heads) {
    AdapterModel m = AdapterModel.wrap(TinyModels.encoder(manager, HIDDEN, 2, 2, false));
    Random random = new Random(7);
    Map<String, AdapterSpec> specs =
        Map.of(
            "lora1", LoraSpec.builder().optRank(4).build(),
            "lora2", LoraSpec.builder().optRank(2).build(),
            "dora", LoraSpec.builder().optRank(2).optUseDora(true).build(),
            "bn", BottleneckSpec.builder().optReductionFactor(4).build(),
            "conv", ConvAdapterSpec.builder().build(),
            "ia3", Ia3Spec.builder().build());
    for (String name : List.of("lora1", "lora2", "bn", "conv", "ia3", "dora")) {
      Block head = heads ? TinyModels.head(manager, HIDDEN, 3) : null;
      m.addAdapter(name, specs.get(name), head);
      randomise(m, name, random, 0.3f);
    }
    return m;
  }

  /** LoRA's B and the bottleneck's up-projection start at zero; give every adapter an effect. */
  private static void randomise(AdapterModel m, String name, Random random, float scale) {
    for (Block b : m.adapter(name).blocks().values()) {
      for (Parameter p : b.getParameters().values()) {
        float[] v = new float[(int) p.getArray().size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextGaussian() * scale;
        }
        p.getArray().set(v);
      }
    }
  }

  private NDArray alone(AdapterModel m, String adapter, NDList inputs) {
    m.setActiveAdapters(adapter);
    return m.forward(new ParameterStore(manager, false), inputs, false).head();
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  @Test
  void everyRowEqualsItsOwnAdapterRunAlone() {
    AdapterModel m = model(true);
    List<String> rows =
        List.of("lora1", "bn", "lora2", "conv", "lora1", "ia3", "bn", "dora", "conv");
    NDArray x = manager.randomNormal(new Shape(rows.size(), FRAMES, HIDDEN));
    RowAdapters assignment = RowAdapters.of(rows);
    Map<String, NDList> out =
        MixedBatch.forward(m, new ParameterStore(manager, false), new NDList(x), assignment);
    assertEquals(List.of("lora1", "bn", "lora2", "conv", "ia3", "dora"), List.copyOf(out.keySet()));
    float worst = 0;
    for (String name : assignment.adapters()) {
      int[] r = assignment.rows(name);
      NDArray logits = out.get(name).head();
      assertEquals(new Shape(r.length, 3), logits.getShape());
      for (int k = 0; k < r.length; k++) {
        NDArray ref = alone(m, name, new NDList(x.get(new NDIndex("{}:{}", r[k], r[k] + 1))));
        NDArray got = logits.get(new NDIndex("{}:{}", k, k + 1));
        float diff = maxAbsDiff(ref, got);
        worst = Math.max(worst, diff);
        assertTrue(diff < TOLERANCE, name + " row " + r[k] + ": max abs diff " + diff);
      }
    }
    System.out.printf(
        "mixed batch vs each row alone: max abs diff %.3g (tolerance %.0g)%n", worst, TOLERANCE);
  }

  @Test
  void paddedRowsEqualTheirAdaptersPaddedPass() {
    AdapterModel m = model(true);
    List<String> rows = List.of("conv", "lora2", "bn", "dora", "lora1", "lora2", "conv");
    NDArray x = manager.randomNormal(new Shape(rows.size(), FRAMES, HIDDEN));
    float[] mask = new float[rows.size() * FRAMES];
    int[] lengths = {7, 3, 5, 6, 7, 2, 4};
    for (int b = 0; b < rows.size(); b++) {
      for (int t = 0; t < lengths[b]; t++) {
        mask[b * FRAMES + t] = 1;
      }
    }
    NDList inputs = new NDList(x, manager.create(mask, new Shape(rows.size(), FRAMES)));
    RowAdapters assignment = RowAdapters.of(rows);
    Map<String, NDList> out =
        MixedBatch.forward(m, new ParameterStore(manager, false), inputs, assignment);
    float worst = 0;
    for (String name : assignment.adapters()) {
      NDArray ref = alone(m, name, inputs).get(assignment.index(name, manager));
      float diff = maxAbsDiff(ref, out.get(name).head());
      worst = Math.max(worst, diff);
      assertTrue(diff < TOLERANCE, name + ": max abs diff " + diff);
    }
    System.out.printf("padded mixed batch vs per-adapter passes: max abs diff %.3g%n", worst);
  }

  @Test
  void rowsNeverSeeAnotherRowsAdapter() {
    AdapterModel m = model(false);
    randomise(m, "lora2", new Random(3), 30f);
    randomise(m, "conv", new Random(4), 30f);
    NDArray x = manager.randomNormal(new Shape(4, FRAMES, HIDDEN));
    RowAdapters assignment = RowAdapters.of(List.of("lora2", "lora1", "conv", "bn"));
    Map<String, NDList> out =
        MixedBatch.forward(m, new ParameterStore(manager, false), new NDList(x), assignment);
    m.setActiveAdapters();
    NDArray base = m.forward(new ParameterStore(manager, false), new NDList(x), false).head();
    for (String name : List.of("lora1", "bn")) {
      NDArray index = assignment.index(name, manager);
      NDArray mine = alone(m, name, new NDList(x)).get(index);
      float seen = maxAbsDiff(mine, out.get(name).head());
      float effect = maxAbsDiff(base.get(index), out.get(name).head());
      System.out.printf(
          "%s rows: diff to own pass %.3g, own adapter's effect %.3g%n", name, seen, effect);
      assertTrue(seen < TOLERANCE, name + " rows saw another adapter: " + seen);
      assertTrue(effect > 1e-2, name + " had no effect: " + effect);
    }
  }

  @Test
  void prefixMergedAndWrongSizesAreRefused() {
    AdapterModel m = model(false);
    m.addAdapter("prefix", PrefixSpec.builder().optLength(2).build());
    NDList inputs = new NDList(manager.randomNormal(new Shape(2, FRAMES, HIDDEN)));
    ParameterStore store = new ParameterStore(manager, false);
    IllegalArgumentException prefix =
        assertThrows(
            IllegalArgumentException.class,
            () -> MixedBatch.forward(m, store, inputs, RowAdapters.of(List.of("lora1", "prefix"))));
    assertTrue(prefix.getMessage().contains("'prefix' (PREFIX"), prefix.getMessage());
    assertTrue(!MixedBatch.canMix(m, "prefix") && MixedBatch.canMix(m, "bn"));
    assertThrows(
        IllegalArgumentException.class,
        () -> MixedBatch.forward(m, store, inputs, RowAdapters.of(List.of("lora1"))));
    m.merge("lora2");
    assertTrue(!MixedBatch.canMix(m, "bn"));
    IllegalArgumentException merged =
        assertThrows(
            IllegalArgumentException.class,
            () -> MixedBatch.forward(m, store, inputs, RowAdapters.of(List.of("lora1", "bn"))));
    assertTrue(merged.getMessage().contains("merged"), merged.getMessage());
    assertEquals(DataType.FLOAT32, inputs.head().getDataType());
  }
}
