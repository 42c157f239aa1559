package dev.sure4j.adapters.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.MixedRows;
import dev.sure4j.adapters.testing.TinyConvModel;
import dev.sure4j.adapters.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA on 1-d convolutions (PEFT's {@code lora.Conv1d}) on a tiny model with an ungrouped strided
 * convolution, a grouped padded one and a linear layer: shapes and parameter formula, identity at
 * initialisation, only LoRA trains, merged equals unmerged where groups is 1, a clear refusal where
 * it is not, save and load bit for bit, and the default targets leave convolutions alone.
 */
class LoraConvTest extends ManagedTest {

  private static final int IN = TinyConvModel.IN;
  private static final int D = TinyConvModel.D;
  private static final int TIME = TinyConvModel.TIME;

  @TempDir Path tmp;

  private AdapterModel model() {
    return TinyConvModel.wrapped(manager);
  }

  private NDArray input() {
    return manager.randomNormal(new Shape(2, IN, TIME));
  }

  private static NDArray infer(AdapterModel m, NDArray x) {
    return m.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  private static LoraSpec spec(int rank, String... targets) {
    return LoraSpec.builder()
        .optRank(rank)
        .optAlpha(8)
        .optTargets(Targets.modules(targets))
        .build();
  }

  @Test
  void shapesAndParameterFormulaAreThoseOfPeft() {
    AdapterModel m = model();
    m.addAdapter("conv", spec(4, "feature", "pos_conv"));
    Adapter a = m.adapter("conv");
    Map<String, Parameter> t = a.tensors();
    assertEquals(
        new Shape(4, IN, 3), t.get("base_model.model.feature.lora_A.weight").getArray().getShape());
    assertEquals(
        new Shape(D, 4, 1), t.get("base_model.model.feature.lora_B.weight").getArray().getShape());
    assertEquals(
        new Shape(4, D, 4), t.get("base_model.model.pos_conv.lora_A.weight").getArray().getShape());
    assertEquals(
        new Shape(D, 2, 1), t.get("base_model.model.pos_conv.lora_B.weight").getArray().getShape());
    for (Map.Entry<InjectionPoint, Block> e : a.blocks().entrySet()) {
      long held =
          StateDict.of(e.getValue(), "").values().stream()
              .mapToLong(p -> p.getArray().size())
              .sum();
      long formula = new LoraMethod().parameterCount((LoraSpec) a.spec(), e.getKey());
      assertEquals(held, formula, e.getKey().path());
    }
    assertEquals(4L * IN * 3 + D * 4, LoraConvDelta.parameterCount(4, conv(a, "feature")));
    assertEquals(4L * D * 4 + D * 2, LoraConvDelta.parameterCount(4, conv(a, "pos_conv")));
  }

  private static AdaptableConv1d conv(Adapter a, String path) {
    return a.blocks().keySet().stream()
        .filter(p -> p.path().equals(path))
        .map(p -> (AdaptableConv1d) p.host())
        .findFirst()
        .orElseThrow();
  }

  /** A model, an input, the base model's output on it, and the active adapter. */
  private record Started(AdapterModel model, NDArray input, NDArray base, Adapter adapter) {

    /** The largest absolute difference between the adapted model's output and the base's. */
    float changeFromBase() {
      return maxAbsDiff(base, infer(model, input));
    }
  }

  /**
   * The base output on the input, then a fresh rank-4 LoRA adapter {@code conv} on {@code feature}
   * and {@code pos_conv}, made active.
   */
  private Started started() {
    AdapterModel m = model();
    NDArray x = input();
    NDArray base = infer(m, x);
    m.addAdapter("conv", spec(4, "feature", "pos_conv"));
    m.setActiveAdapters("conv");
    return new Started(m, x, base, m.adapter("conv"));
  }

  @Test
  void startsAsTheBaseWithKaimingUniformAAndZeroB() {
    Started s = started();
    float diff = s.changeFromBase();
    System.out.printf("LoRA on convolutions, identity at init: max abs difference %.3g%n", diff);
    assertEquals(0f, diff);
    for (Block b : s.adapter().blocks().values()) {
      LoraConvDelta d = (LoraConvDelta) b;
      NDArray wa = d.loraA().getArray();
      double bound = 1 / Math.sqrt(wa.getShape().get(1) * wa.getShape().get(2));
      assertTrue(wa.abs().max().getFloat() <= bound + 1e-7, "A within the Kaiming bound");
      assertTrue(wa.abs().max().getFloat() > bound / 4, "A is drawn, not zero");
      assertEquals(0f, d.loraB().getArray().abs().max().getFloat(), "B starts at zero");
    }
  }

  @Test
  void onlyLoraParametersTrainAndTheAdapterChangesTheOutput() {
    Started s = started();
    TinyModels.randomise(s.adapter(), 7);
    assertTrue(s.changeFromBase() > 1e-2f);
    s.model().baseParameters().forEach((k, p) -> assertFalse(p.requiresGradient(), k));
    s.adapter().tensors().forEach((k, p) -> assertTrue(p.requiresGradient(), k));
  }

  @Test
  void mergedEqualsUnmergedOnUngroupedConvolutions() {
    AdapterModel m = model();
    NDArray x = input();
    m.addAdapter("conv", spec(4, "feature", "q_proj"));
    Adapter a = m.adapter("conv");
    m.setActiveAdapters("conv");
    TinyModels.randomise(a, 11);
    NDArray unmerged = infer(m, x);
    float[] weight = conv(a, "feature").getParameters().get("weight").getArray().toFloatArray();
    assertTrue(a.mergeable());
    a.method().merge(a);
    assertTrue(a.method().isMerged(a));
    float diff = maxAbsDiff(unmerged, infer(m, x));
    System.out.printf("LoRA on a convolution, merged vs unmerged: max abs difference %.3g%n", diff);
    assertTrue(diff < 1e-5f, "merged " + diff);
    a.method().unmerge(a);
    assertFalse(a.method().isMerged(a));
    float[] back = conv(a, "feature").getParameters().get("weight").getArray().toFloatArray();
    assertArrayEquals(weight, back, 1e-6f);
    assertTrue(maxAbsDiff(unmerged, infer(m, x)) < 1e-5f);
  }

  @Test
  void groupedConvolutionRefusesToMergeAndNothingIsMerged() {
    AdapterModel m = model();
    m.addAdapter("conv", spec(4, "feature", "pos_conv", "q_proj"));
    Adapter a = m.adapter("conv");
    TinyModels.randomise(a, 3);
    float[] before = m.baseParameters().get("feature.weight").getArray().toFloatArray();
    assertFalse(a.mergeable(), "an adapter on a grouped convolution does not merge");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.method().merge(a));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().contains("pos_conv") && e.getMessage().contains("grouped"));
    assertFalse(a.method().isMerged(a));
    assertArrayEquals(before, m.baseParameters().get("feature.weight").getArray().toFloatArray());
  }

  @Test
  void rankNotDivisibleByGroupsIsRefusedNamingTheConvolution() {
    AdapterModel m = model();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.addAdapter("x", spec(3, "pos_conv")));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().contains("pos_conv") && e.getMessage().contains("groups 2"));
  }

  @Test
  void defaultTargetsNeverPickConvolutions() {
    AdapterModel m = model();
    m.addAdapter("d", LoraSpec.builder().build());
    Adapter a = m.adapter("d");
    assertEquals(1, a.blocks().size());
    a.blocks().keySet().forEach(p -> assertEquals(Site.LINEAR, p.site(), p.path()));
    m.addAdapter("all", spec(4, "*"));
    Adapter all = m.adapter("all");
    assertEquals(3, all.blocks().size(), "a glob over every point takes convolutions too");
  }

  @Test
  void savesAndLoadsBitForBit() throws Exception {
    AdapterModel m = model();
    NDArray x = input();
    m.addAdapter("conv", spec(4, "feature", "pos_conv"));
    Adapter a = m.adapter("conv");
    TinyModels.randomise(a, 5);
    m.setActiveAdapters("conv");
    NDArray out = infer(m, x);
    AdapterFiles.save(m, "conv", tmp, Provenance.builder().setBaseModel("tiny").build());
    AdapterModel other = model();
    TinyModels.copyBase(m, other);
    AdapterFiles.load(other, tmp, "conv");
    other.setActiveAdapters("conv");
    Adapter b = other.adapter("conv");
    a.tensors()
        .forEach(
            (k, p) ->
                assertArrayEquals(
                    p.getArray().toFloatArray(), b.tensors().get(k).getArray().toFloatArray(), k));
    assertEquals(0f, maxAbsDiff(out, infer(other, x)));
  }

  @Test
  void mixedBatchRowsEqualEachAdapterAlone() {
    AdapterModel m = model();
    m.addAdapter("a", spec(4, "feature", "pos_conv", "q_proj"));
    m.addAdapter("b", spec(2, "feature", "pos_conv"));
    TinyModels.randomise(m.adapter("a"), 21);
    TinyModels.randomise(m.adapter("b"), 22);
    MixedRows.assertEqualEachAdapterAlone("LoRA on convolutions", m, input());
  }

  @Test
  void regularExpressionTargetsMatchWholePathsAndRoundTripAsPeftsString() throws Exception {
    AdapterModel m = model();
    LoraSpec regex =
        LoraSpec.builder().optRank(2).optTargets(Targets.regex("feat.*|q_proj")).build();
    m.addAdapter("re", regex);
    assertEquals(
        List.of("feature", "q_proj"),
        m.adapter("re").blocks().keySet().stream().map(InjectionPoint::path).toList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.addAdapter("none", LoraSpec.builder().optTargets(Targets.regex("pos")).build()));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Targets.regex("feat.*").onLayers(0, 1));
    AdapterFiles.save(m, "re", tmp, Provenance.builder().setBaseModel("tiny").build());
    String json = Files.readString(tmp.resolve("adapter_config.json"));
    assertTrue(json.contains("\"target_modules\": \"feat.*|q_proj\""), json);
    AdapterModel other = model();
    assertEquals(regex, AdapterFiles.load(other, tmp, "re").spec());
  }

  @Test
  void aTrainingStepChangesEveryLoraTensorAndNoBaseParameter() {
    AdapterModel m = model();
    m.addAdapter("conv", spec(4, "feature", "pos_conv"));
    Adapter a = m.adapter("conv");
    TinyModels.randomise(a, 9);
    m.setActiveAdapters("conv");
    Map<String, float[]> before = TinyModels.snapshot(m);
    try (Trainer t = TinyModels.trainer(m, 1e-2f, new Shape(2, IN, TIME));
        NDManager batch = manager.newSubManager()) {
      try (GradientCollector gc = t.newGradientCollector()) {
        NDArray y = t.forward(new NDList(batch.randomNormal(new Shape(2, IN, TIME)))).head();
        gc.backward(y.mul(y).mean());
      }
      t.step();
    }
    Map<String, float[]> after = TinyModels.snapshot(m);
    for (String k : before.keySet()) {
      boolean changed = !java.util.Arrays.equals(before.get(k), after.get(k));
      assertEquals(k.contains("lora_"), changed, k);
    }
  }
}
