package dev.sure4j.adapters.vera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.mixed.MixedBatch;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VeRA on a tiny encoder ({@code D = 16}, feed-forward 32): the shared projections, the files in
 * both {@code save_projection} modes, merging, training and per-row batches.
 */
class VeraAdapterTest extends ManagedTest {

  private static final int D = 16;
  private static final int FFN = 2 * D;
  private static final Targets ALL =
      Targets.modules("q_proj", "v_proj", "intermediate_dense", "output_dense");

  @TempDir Path tmp;

  private AdapterModel model() {
    return AdapterModel.wrap(TinyModels.encoder(manager, D, 4, 2, false));
  }

  private static VeraSpec spec(boolean save) {
    return VeraSpec.builder()
        .optRank(6)
        .optProjectionPrngKey(17)
        .optSaveProjection(save)
        .optTargets(ALL)
        .build();
  }

  private NDList batch() {
    NDArray x = manager.randomNormal(new Shape(3, 5, D));
    NDArray mask =
        manager.create(new float[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 1, 1, 0}});
    return new NDList(x, mask);
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  private static VeraProjections projections(AdapterModel m, String name) {
    return ((VeraDelta) m.adapter(name).blocks().values().iterator().next()).projections();
  }

  /** The model with an active VeRA adapter {@code v} whose trainable vectors are random. */
  private AdapterModel randomised(boolean saveProjection, long seed) {
    AdapterModel m = model();
    m.addAdapter("v", spec(saveProjection));
    TinyModels.randomise(m.adapter("v"), seed);
    m.setActiveAdapters("v");
    return m;
  }

  @Test
  void oneSharedPairSizedByTheLargestLayerAndDrawnAsPyTorchDoes() {
    AdapterModel m = model();
    m.addAdapter("v", spec(true));
    VeraProjections p = projections(m, "v");
    for (Block b : m.adapter("v").blocks().values()) {
      assertTrue(((VeraDelta) b).projections() == p, "every layer shares one pair");
    }
    assertEquals(new Shape(6, FFN), p.a().getArray().getShape());
    assertEquals(new Shape(FFN, 6), p.b().getArray().getShape());
    TorchGenerator g = new TorchGenerator(17);
    assertArrayEquals(g.kaimingUniform(6, FFN), p.a().getArray().toFloatArray());
    assertArrayEquals(g.kaimingUniform(FFN, 6), p.b().getArray().toFloatArray());
    assertFalse(p.a().requiresGradient());
  }

  @Test
  void deltaSlicesTheSharedMatricesAsPeft() {
    AdapterModel m = model();
    m.addAdapter("v", spec(true));
    TinyModels.randomise(m.adapter("v"), 3);
    for (var e : m.adapter("v").blocks().entrySet()) {
      VeraDelta d = (VeraDelta) e.getValue();
      VeraProjections p = d.projections();
      int out = (int) d.lambdaB().getArray().size();
      int in = e.getKey().moduleName().equals("output_dense") ? FFN : D;
      float[] a = p.a().getArray().toFloatArray(); // [6, FFN]
      float[] b = p.b().getArray().toFloatArray(); // [FFN, 6]
      float[] lb = d.lambdaB().getArray().toFloatArray();
      float[] ld = d.lambdaD().getArray().toFloatArray();
      float[] dw = d.deltaWeight().toFloatArray();
      assertEquals(out * in, dw.length, e.getKey().path());
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          double s = 0;
          for (int k = 0; k < 6; k++) {
            s += (double) lb[o] * b[o * 6 + k] * ld[k] * a[k * FFN + i];
          }
          assertEquals(s, dw[o * in + i], 1e-5, e.getKey().path() + " [" + o + "," + i + "]");
        }
      }
    }
  }

  @Test
  void savesAndLoadsBitForBitInBothModes() throws Exception {
    for (boolean save : new boolean[] {true, false}) {
      AdapterModel m = randomised(save, 5);
      NDList in = batch();
      NDArray before = TinyModels.infer(m, in);
      Path dir = tmp.resolve("vera_" + save);
      AdapterFiles.save(m, "v", dir, Provenance.builder().setBaseModel("tiny").build());
      Set<String> names;
      try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(AdapterFiles.TENSOR_FILE))) {
        names = new TreeSet<>(r.names());
      }
      assertEquals(save, names.contains("base_model.vera_A"), names.toString());
      assertEquals(save, names.contains("base_model.vera_B"), names.toString());
      assertTrue(
          names.contains("base_model.model.encoder.layers.0.attention.q_proj.vera_lambda_b"));
      assertEquals(8 * 2 + (save ? 2 : 0), names.size(), names.toString());
      String config = Files.readString(dir.resolve("adapter_config.json"));
      assertTrue(config.contains("\"save_projection\": " + save), config);
      assertTrue(config.contains("\"projection_prng_key\": 17"), config);

      AdapterModel fresh = model();
      fresh
          .base()
          .getParameters()
          .forEach(
              p ->
                  p.getValue()
                      .getArray()
                      .set(m.base().getParameters().get(p.getKey()).getArray().toFloatArray()));
      AdapterFiles.load(fresh, dir, "v");
      fresh.setActiveAdapters("v");
      assertEquals(0f, maxAbsDiff(before, TinyModels.infer(fresh, in)), "save_projection " + save);
      Map<String, ai.djl.nn.Parameter> a = m.adapter("v").tensors();
      Map<String, ai.djl.nn.Parameter> b = fresh.adapter("v").tensors();
      assertEquals(a.keySet(), b.keySet());
      a.forEach(
          (k, p) ->
              assertArrayEquals(
                  p.getArray().toFloatArray(), b.get(k).getArray().toFloatArray(), 0f, k));
      assertArrayEquals(
          projections(m, "v").a().getArray().toFloatArray(),
          projections(fresh, "v").a().getArray().toFloatArray(),
          0f);
    }
  }

  @Test
  void aWrongLambdaShapeOrAMissingProjectionIsRefusedNamingTheTensor() throws Exception {
    String lambda = "base_model.model.encoder.layers.1.attention.v_proj.vera_lambda_d";
    String shape = refusal("shape", lambda, null);
    assertTrue(shape.contains("'" + lambda + "': file has shape (5)"), shape);
    String missing = refusal("missing", null, "base_model.vera_B");
    assertTrue(missing.contains("missing 1: [base_model.vera_B]"), missing);
  }

  @Test
  void aBadKeyInTheConfigIsRefusedNamingTheFileAndField() throws Exception {
    AdapterModel m = model();
    m.addAdapter("v", spec(false));
    Path dir = tmp.resolve("key");
    AdapterFiles.save(m, "v", dir, Provenance.builder().setBaseModel("tiny").build());
    Path config = dir.resolve("adapter_config.json");
    String text = Files.readString(config);
    Files.writeString(
        config, text.replace("\"projection_prng_key\": 17", "\"projection_prng_key\": 1.5"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model(), dir, "x"));
    System.out.println("refused: " + e.getMessage());
    assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("field 'projection_prng_key'"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** Saves an adapter, rewrites its tensor file, loads it and returns the one-line refusal. */
  private String refusal(String name, String reshaped, String dropped) throws Exception {
    AdapterModel m = model();
    m.addAdapter("v", spec(true));
    Path dir = tmp.resolve(name);
    AdapterFiles.save(m, "v", dir, Provenance.builder().setBaseModel("tiny").build());
    Path file = dir.resolve(AdapterFiles.TENSOR_FILE);
    SafetensorsWriter w = SafetensorsWriter.create();
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      for (String n : r.names()) {
        if (n.equals(reshaped)) {
          w.add(n, manager.zeros(new Shape(5)));
        } else if (!n.equals(dropped)) {
          w.add(n, r.readArray(n, manager));
        }
      }
    }
    w.write(file);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(model(), dir, "x"));
    System.out.println("refused: " + e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void mergedEqualsUnmergedAndUnmergeRestores() {
    AdapterModel m = randomised(false, 11);
    NDList in = batch();
    NDArray unmerged = TinyModels.infer(m, in);
    Map<String, float[]> weights = TinyModels.snapshot(m);
    m.merge("v");
    float diff = maxAbsDiff(unmerged, TinyModels.infer(m, in));
    System.out.printf("VeRA merged vs unmerged: max abs diff %.3g%n", diff);
    assertTrue(diff <= 1e-5, "merged output differs by " + diff);
    m.unmerge("v");
    Map<String, float[]> after = TinyModels.snapshot(m);
    weights.forEach((k, v) -> assertArrayEquals(v, after.get(k), 1e-6f, k));
  }

  @Test
  void trainingChangesTheLambdasButNeverTheProjections() {
    AdapterModel m = model();
    m.addAdapter("v", spec(true), TinyModels.head(manager, D, 3)).setActiveAdapters("v");
    float[] a = projections(m, "v").a().getArray().toFloatArray();
    float[] b = projections(m, "v").b().getArray().toFloatArray();
    try (Trainer t = TinyModels.trainer(m, 1e-2f, new Shape(3, 5, D), new Shape(3, 5))) {
      for (int i = 0; i < 2; i++) {
        NDList labels = new NDList(manager.create(new float[] {0, 2, 1}));
        TinyModels.step(t, manager.newSubManager(), batch(), labels);
      }
    }
    assertArrayEquals(a, projections(m, "v").a().getArray().toFloatArray(), 0f);
    assertArrayEquals(b, projections(m, "v").b().getArray().toFloatArray(), 0f);
    for (var e : m.adapter("v").blocks().entrySet()) {
      VeraDelta d = (VeraDelta) e.getValue();
      assertTrue(d.lambdaB().getArray().abs().sum().getFloat() > 0, e.getKey().path());
      assertFalse(d.lambdaD().getArray().sub(0.1f).abs().max().getFloat() == 0f, e.getKey().path());
    }
  }

  @Test
  void rowsOfAMixedBatchEqualTheirAdapterRunAlone() {
    AdapterModel m = model();
    m.addAdapter("v1", spec(true));
    m.addAdapter("v2", VeraSpec.builder().optRank(3).optProjectionPrngKey(2).build());
    TinyModels.randomise(m.adapter("v1"), 1);
    TinyModels.randomise(m.adapter("v2"), 2);
    NDList in = batch();
    RowAdapters rows = RowAdapters.of(List.of("v2", "v1", "v2"));
    Map<String, NDList> out = MixedBatch.forward(m, new ParameterStore(manager, false), in, rows);
    for (String name : rows.adapters()) {
      m.setActiveAdapters(name);
      NDArray alone = TinyModels.infer(m, in).get(rows.index(name, manager));
      float diff = maxAbsDiff(alone, out.get(name).head());
      System.out.printf("VeRA mixed batch %s vs alone: max abs diff %.3g%n", name, diff);
      assertTrue(diff <= 1e-5, name + " differs by " + diff);
    }
    for (InjectionPoint p : m.adapter("v2").blocks().keySet()) {
      assertTrue(Set.of("q_proj", "v_proj").contains(p.moduleName()), p.path());
    }
  }
}
