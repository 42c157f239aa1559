package dev.sure4j.adapters.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.testing.TinyModels;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each built-in method declares what it can do, and the model and servers ask the method instead of
 * testing spec types: LoRA merges and mixes per row, the ConvAdapter's outputs depend on padding
 * (its squeeze-and-excitation averages over padded frames, as the SURE code does), prefixes neither
 * mix nor merge, full fine-tuning owns the base tensors.
 */
class MethodCapabilitiesTest {

  @Test
  void builtInMethodsDeclareTheirCapabilities() {
    Map<String, String> expected = new TreeMap<>();
    expected.put("LORA", "merge mix");
    expected.put("BOTTLENECK", "mix");
    expected.put("CONV_ADAPTER", "mix padding");
    expected.put("PREFIX_TUNING", "");
    expected.put("FULL", "base");
    expected.put("HEAD_ONLY", "mix");
    expected.put("IA3", "merge mix");
    expected.put("VERA", "merge mix");
    Map<String, String> found = new TreeMap<>();
    for (AdapterMethod<?> m : AdapterMethods.all()) {
      if (expected.containsKey(m.name())) {
        found.put(m.name(), flags(m));
      }
    }
    assertEquals(expected, found);
  }

  @Test
  void mergeGoesThroughTheMethodAndRefusesMethodsThatDoNotMerge() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList in = new NDList(manager.randomNormal(new Shape(2, 5, 8)));
      AdapterModel model = AdapterModel.wrap(TinyModels.encoder(manager, 8, 2, 2, false));
      model.addAdapter("lora", LoraSpec.builder().build());
      model.addAdapter("bn", BottleneckSpec.builder().build());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> model.merge("bn"));
      assertEquals("adapter 'bn' is BOTTLENECK, which does not merge", e.getMessage());

      TinyModels.randomise(model.adapter("lora"), 7);
      model.setActiveAdapters("lora");
      float[] before = TinyModels.infer(model, in).toFloatArray();
      model.merge("lora");
      assertTrue(model.adapter("lora").method().isMerged(model.adapter("lora")));
      float[] after = TinyModels.infer(model, in).toFloatArray();
      float diff = 0;
      for (int i = 0; i < before.length; i++) {
        diff = Math.max(diff, Math.abs(before[i] - after[i]));
      }
      System.out.printf("merged LoRA: max |before - after| = %g%n", diff);
      float[] base = baseOutputs(model, in);
      float moved = 0;
      for (int i = 0; i < before.length; i++) {
        moved = Math.max(moved, Math.abs(before[i] - base[i]));
      }
      assertTrue(moved > 1e-2f, "the randomised LoRA changes the outputs: " + moved);
      assertTrue(diff < 1e-5f, "merged LoRA computes the same outputs: " + diff);
      IllegalArgumentException busy =
          assertThrows(IllegalArgumentException.class, () -> model.deleteAdapter("lora"));
      assertEquals("adapter 'lora' is merged into the base: unmerge it first", busy.getMessage());
      model.unmerge("lora");
      assertFalse(model.adapter("lora").method().isMerged(model.adapter("lora")));
      model.deleteAdapter("lora");
    }
  }

  private static float[] baseOutputs(AdapterModel model, NDList in) {
    model.unmerge("lora");
    model.setActiveAdapters();
    float[] base = TinyModels.infer(model, in).toFloatArray();
    model.setActiveAdapters("lora");
    model.merge("lora");
    return base;
  }

  private static String flags(AdapterMethod<?> m) {
    StringBuilder s = new StringBuilder();
    if (m.mergeable()) {
      s.append(" merge");
    }
    if (m.mixesPerRow()) {
      s.append(" mix");
    }
    if (m.paddingChangesOutputs()) {
      s.append(" padding");
    }
    if (m.ownsBaseTensors()) {
      s.append(" base");
    }
    return s.toString().trim();
  }
}
