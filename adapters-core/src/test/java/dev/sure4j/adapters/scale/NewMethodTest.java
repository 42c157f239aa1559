package dev.sure4j.adapters.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A method added in its own package ({@code scale}, test sources only) with one registration line:
 * it injects, counts, trains-only-itself, saves its own JSON fields and reloads bit for bit, with
 * no edit to core.
 */
class NewMethodTest {

  private static final int D = 8;

  @TempDir Path tmp;

  @BeforeAll
  static void register() {
    if (AdapterMethods.all().stream().noneMatch(m -> m.name().equals(ScaleMethod.NAME))) {
      AdapterMethods.register(new ScaleMethod()); // the one registration line
    }
  }

  @Test
  void aRegisteredMethodInjectsSavesAndReloads() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList in = new NDList(manager.randomNormal(new Shape(2, 5, D)));
      AdapterModel a = AdapterModel.wrap(TinyModels.encoder(manager, D, 2, 2, false));
      NDArray base = TinyModels.infer(a, in);
      ScaleSpec spec = new ScaleSpec(0.5, Targets.modules("post_ffn").onLayers(1, 1));
      a.addAdapter("gain", spec).setActiveAdapters("gain");
      assertEquals(
          "encoder.layers.1.post_ffn",
          a.adapter("gain").blocks().keySet().iterator().next().path(),
          "one block, at the last layer's post_ffn");
      assertEquals(1, a.adapter("gain").blocks().size());
      assertEquals((long) D, a.trainableParameters().trainable(), "D gains, base frozen");
      NDArray adapted = TinyModels.infer(a, in);
      // the last layer's post_ffn is the last operation: its output is exactly 1.5 x the base's
      float[] expected = base.mul(1.5f).toFloatArray();
      float diff = maxAbsDiff(expected, TinyModels.infer(a, in).toFloatArray());
      System.out.printf("new method: max |1.5 base - adapted| = %g%n", diff);
      assertTrue(diff < 1e-5f, "adapted output is 1.5 x the base's: " + diff);
      assertTrue(maxAbsDiff(base.toFloatArray(), adapted.toFloatArray()) > 1e-3);

      Path dir = tmp.resolve("gain");
      AdapterFiles.save(
          a, "gain", dir, Provenance.builder().setBaseModel("test/tiny").optSeed(1).build());
      String json = Files.readString(dir.resolve(AdapterConfig.FILE_NAME));
      assertTrue(json.contains("\"peft_type\": \"SCALE\""), json);
      assertTrue(json.contains("\"initial_gain\": 0.5"), json);

      AdapterModel b = AdapterModel.wrap(TinyModels.encoder(manager, D, 2, 2, false));
      TinyModels.copyBase(a, b);
      AdapterConfig loaded = AdapterFiles.load(b, dir, "gain");
      assertEquals(spec, loaded.spec());
      b.setActiveAdapters("gain");
      assertArrayEquals(adapted.toFloatArray(), TinyModels.infer(b, in).toFloatArray());
    }
  }

  @Test
  void registeringANameTwiceIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AdapterMethods.register(new ScaleMethod()));
    assertTrue(e.getMessage().contains("SCALE"), e.getMessage());
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
