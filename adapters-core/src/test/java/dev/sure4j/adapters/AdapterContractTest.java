package dev.sure4j.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.lora.LoraInit;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.probe.HeadOnlySpec;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.MixedRows;
import dev.sure4j.adapters.testing.TinyConvModel;
import dev.sure4j.adapters.testing.TinyModels;
import dev.sure4j.adapters.vera.VeraSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every adapter method honours, run for each method on post-LN and pre-LN encoders.
 */
class AdapterContractTest extends ManagedTest {

  private static final int D = 16;
  private static final int CLASSES = 3;

  @TempDir Path tmp;

  static Stream<Arguments> methods() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (boolean pre : new boolean[] {false, true}) {
      b.add(Arguments.of("lora", LoraSpec.builder().optRank(4).optAlpha(8).build(), pre));
      b.add(Arguments.of("rslora", rslora(), pre));
      b.add(Arguments.of("dora", dora(), pre));
      b.add(Arguments.of("bottleneck", BottleneckSpec.builder().build(), pre));
      b.add(Arguments.of("houlsby", BottleneckSpec.houlsby(), pre));
      b.add(Arguments.of("conv", ConvAdapterSpec.builder().optSeReduction(4).build(), pre));
      b.add(Arguments.of("conv_identity", convSpec(AdapterInit.IDENTITY), pre));
      b.add(Arguments.of("prefix", PrefixSpec.builder().optLength(3).optDropout(0).build(), pre));
      b.add(
          Arguments.of(
              "prefix_mlp",
              PrefixSpec.builder().optLength(3).optDropout(0).optReparameterize(8).build(),
              pre));
      b.add(Arguments.of("full", FullFineTuneSpec.all(), pre));
      b.add(Arguments.of("head_only", HeadOnlySpec.create(), pre));
      b.add(Arguments.of("ia3", Ia3Spec.builder().build(), pre));
      b.add(Arguments.of("vera", veraSpec(), pre));
    }
    return b.build();
  }

  /**
   * LoRA started from the base weight: the base holds the residual while the adapter is attached,
   * so an inactive adapter changes the outputs and the rows of {@link #methods} do not apply.
   */
  static Stream<Arguments> baseStartMethods() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (boolean pre : new boolean[] {false, true}) {
      b.add(Arguments.of("lora_pissa", loraFrom(LoraInit.PISSA), pre));
      b.add(Arguments.of("lora_olora", loraFrom(LoraInit.OLORA), pre));
    }
    return b.build();
  }

  private static LoraSpec loraFrom(LoraInit init) {
    return LoraSpec.builder().optRank(4).optAlpha(8).optInit(init).build();
  }

  static Stream<Arguments> identityMethods() {
    return Stream.of(
        Arguments.of("lora", LoraSpec.builder().build()),
        Arguments.of("rslora", rslora()),
        Arguments.of("dora", dora()),
        Arguments.of("lora_gaussian", LoraSpec.builder().optInit(LoraInit.GAUSSIAN).build()),
        Arguments.of("lora_pissa", loraFrom(LoraInit.PISSA)),
        Arguments.of("lora_olora", loraFrom(LoraInit.OLORA)),
        Arguments.of("pfeiffer", BottleneckSpec.pfeiffer()),
        Arguments.of("houlsby", BottleneckSpec.houlsby()),
        Arguments.of(
            "bottleneck_identity", BottleneckSpec.builder().optInit(AdapterInit.IDENTITY).build()),
        Arguments.of("conv_identity", convSpec(AdapterInit.IDENTITY)),
        Arguments.of("full", FullFineTuneSpec.all()),
        Arguments.of("head_only", HeadOnlySpec.create()),
        Arguments.of("ia3", Ia3Spec.builder().build()),
        Arguments.of("vera", VeraSpec.builder().build()));
  }

  /** VeRA on linears of two shapes, so that the shared projections are sliced. */
  private static VeraSpec veraSpec() {
    return VeraSpec.builder()
        .optRank(4)
        .optTargets(Targets.modules("q_proj", "v_proj", "intermediate_dense", "output_dense"))
        .build();
  }

  static Stream<Arguments> seedInitMethods() {
    return Stream.of(
        Arguments.of("bottleneck", BottleneckSpec.builder().build()),
        Arguments.of("conv", convSpec(AdapterInit.SEED)));
  }

  private static LoraSpec rslora() {
    return LoraSpec.builder().optRank(4).optAlpha(8).optUseRslora(true).build();
  }

  private static LoraSpec dora() {
    return LoraSpec.builder().optRank(4).optAlpha(8).optUseDora(true).build();
  }

  private static ConvAdapterSpec convSpec(AdapterInit init) {
    return ConvAdapterSpec.builder().optSeReduction(4).optInit(init).build();
  }

  private AdapterModel model(boolean preNorm) {
    TransformerEncoder enc = TinyModels.encoder(manager, D, 4, 2, preNorm);
    return AdapterModel.wrap(enc);
  }

  private NDList batch() {
    NDArray x = manager.randomNormal(new Shape(2, 5, D));
    NDArray mask = manager.create(new float[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
    return new NDList(x, mask);
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  /** The largest output difference a freshly added, active adapter makes on a post-LN encoder. */
  private float stepZeroDiff(String name, AdapterSpec spec) {
    AdapterModel m = model(false);
    NDList in = batch();
    NDArray base = TinyModels.infer(m, in);
    m.addAdapter(name, spec).setActiveAdapters(name);
    return maxAbsDiff(base, TinyModels.infer(m, in));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityMethods")
  void startsAsTheBaseModelWhereTheMethodPromisesIt(String name, AdapterSpec spec) {
    float diff = stepZeroDiff(name, spec);
    System.out.printf("identity at init %s: max abs diff %.3g%n", name, diff);
    assertEquals(0f, diff, 1e-6f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedInitMethods")
  void seedInitChangesTheOutputAtStepZero(String name, AdapterSpec spec) {
    float diff = stepZeroDiff(name, spec);
    System.out.printf("seed init %s: max abs diff from the base %.3g%n", name, diff);
    assertTrue(diff > 1e-3f, name + " with seed init should perturb the output: " + diff);
  }

  @ParameterizedTest(name = "{0} preNorm={2}")
  @MethodSource("methods")
  void inactiveAdaptersDoNotRunAndDeleteRestoresTheBase(
      String name, AdapterSpec spec, boolean pre) {
    AdapterModel m = model(pre);
    NDList in = batch();
    NDArray base = TinyModels.infer(m, in);
    m.addAdapter(name, spec);
    TinyModels.randomise(m.adapter(name), 7);
    assertEquals(0f, maxAbsDiff(base, TinyModels.infer(m, in)), "inactive adapter changed outputs");
    m.setActiveAdapters(name);
    if (AdapterMethods.of(spec).site().isPresent()) {
      assertTrue(maxAbsDiff(base, TinyModels.infer(m, in)) > 1e-4, "active adapter had no effect");
    }
    m.setActiveAdapters();
    assertEquals(
        0f, maxAbsDiff(base, TinyModels.infer(m, in)), "deactivated adapter changed outputs");
    m.deleteAdapter(name);
    assertEquals(0f, maxAbsDiff(base, TinyModels.infer(m, in)), "deleted adapter changed outputs");
    for (InjectionPoint p : m.base().injectionPoints()) {
      assertTrue(p.host().adapters().isEmpty(), "adapter left on " + p.path());
    }
  }

  @ParameterizedTest(name = "{0} preNorm={2}")
  @MethodSource({"methods", "baseStartMethods"})
  void anOptimizerStepChangesOnlyAdapterAndHeadParameters(
      String name, AdapterSpec spec, boolean pre) {
    AdapterModel m = model(pre);
    m.addAdapter(name, spec, TinyModels.head(manager, D, CLASSES)).setActiveAdapters(name);
    Map<String, float[]> before = TinyModels.snapshot(m);
    try (Trainer t = TinyModels.trainer(m, 1e-2f, new Shape(2, 5, D), new Shape(2, 5));
        NDManager batchManager = manager.newSubManager()) {
      NDList in = batch();
      NDList labels = new NDList(manager.create(new float[] {0, 2}));
      TinyModels.step(t, batchManager, in, labels);
    }
    Map<String, float[]> after = TinyModels.snapshot(m);
    assertEquals(before.keySet(), after.keySet());
    Map<String, String> pathOf = new HashMap<>();
    StateDict.of(m, "").forEach((k, p) -> pathOf.put(p.getId(), k));
    boolean full = AdapterMethods.of(spec).ownsBaseTensors();
    long baseChanged = 0;
    for (Parameter p : m.baseParameters().values()) {
      String path = pathOf.get(p.getId());
      boolean same = Arrays.equals(before.get(path), after.get(path));
      assertTrue(full || same, "frozen base parameter changed: " + path);
      baseChanged += same ? 0 : 1;
    }
    if (full) {
      assertTrue(
          baseChanged > m.baseParameters().size() / 2, "full fine-tuning changed " + baseChanged);
    }
    Adapter adapter = m.adapter(name);
    for (var e : adapter.blocks().entrySet()) {
      boolean anyChanged =
          StateDict.of(e.getValue(), "").values().stream()
              .map(p -> pathOf.get(p.getId()))
              .anyMatch(k -> !Arrays.equals(before.get(k), after.get(k)));
      assertTrue(anyChanged, "adapter block did not train at " + e.getKey().path());
    }
    Parameter headWeight =
        StateDict.of(adapter.head().orElseThrow(), "").values().iterator().next();
    String headPath = pathOf.get(headWeight.getId());
    assertTrue(!Arrays.equals(before.get(headPath), after.get(headPath)), "head did not train");
  }

  @ParameterizedTest(name = "{0} preNorm={2}")
  @MethodSource({"methods", "baseStartMethods"})
  void parameterFormulaEqualsWhatTheBlocksHold(String name, AdapterSpec spec, boolean pre) {
    AdapterModel m = model(pre);
    m.addAdapter(name, spec);
    long built = 0;
    long formula = 0;
    for (var e : m.adapter(name).blocks().entrySet()) {
      long here =
          StateDict.of(e.getValue(), "").values().stream()
              .mapToLong(p -> p.getArray().size())
              .sum();
      long expected = formulaAt(spec, e.getKey());
      assertEquals(expected, here, name + " at " + e.getKey().path());
      built += here;
      formula += expected;
    }
    System.out.printf("parameter formula %s: %d built, %d by formula%n", name, built, formula);
    assertEquals(AdapterMethods.of(spec).site().isPresent(), built > 0, name);
  }

  private static <S extends AdapterSpec> long formulaAt(S spec, InjectionPoint point) {
    return AdapterMethods.of(spec).parameterCount(spec, point);
  }

  static Stream<Arguments> mergeableMethods() {
    return Stream.of(
        Arguments.of("lora", LoraSpec.builder().optRank(4).optAlpha(16).build()),
        Arguments.of("rslora", rslora()),
        Arguments.of("dora", dora()),
        Arguments.of(
            "dora_rslora",
            LoraSpec.builder().optRank(4).optUseDora(true).optUseRslora(true).build()),
        Arguments.of("ia3", Ia3Spec.builder().build()),
        Arguments.of(
            "ia3_all_output_scaled",
            Ia3Spec.builder().optTargets(LoraSpec.DEFAULT_TARGETS).optFeedforward().build()),
        Arguments.of("vera", veraSpec()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mergeableMethods")
  void mergedEqualsUnmergedAndUnmergeRestoresTheWeights(String name, AdapterSpec spec) {
    AdapterModel m = model(false);
    NDList in = batch();
    m.addAdapter(name, spec);
    TinyModels.randomise(m.adapter(name), 11);
    if (spec instanceof Ia3Spec) {
      // scaling vectors near 1 (a trained IA3), so that unmerging divides by nothing small
      m.adapter(name).tensors().values().forEach(p -> p.getArray().addi(1f));
    }
    m.setActiveAdapters(name);
    NDArray unmerged = TinyModels.infer(m, in);
    Map<String, float[]> weightsBefore = TinyModels.snapshot(m);
    m.merge(name);
    float mergedDiff = maxAbsDiff(unmerged, TinyModels.infer(m, in));
    System.out.printf("%s merged vs unmerged: max abs diff %.3g%n", name, mergedDiff);
    assertTrue(mergedDiff <= 1e-5, "merged output differs by " + mergedDiff);
    assertThrows(IllegalArgumentException.class, () -> m.deleteAdapter(name));
    m.unmerge(name);
    assertTrue(maxAbsDiff(unmerged, TinyModels.infer(m, in)) <= 1e-5);
    Map<String, float[]> weightsAfter = TinyModels.snapshot(m);
    for (String k : weightsBefore.keySet()) {
      assertArrayEquals(weightsBefore.get(k), weightsAfter.get(k), 1e-5f, k);
    }
  }

  @Test
  void targetsThatMatchNothingFailAndLeaveTheModelUnchanged() {
    AdapterModel m = model(false);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                m.addAdapter(
                    "x", LoraSpec.builder().optTargets(Targets.modules("query", "value")).build()));
    assertTrue(e.getMessage().contains("[query, value]"), e.getMessage());
    assertTrue(e.getMessage().contains("q_proj"), e.getMessage());
    assertTrue(m.adapters().isEmpty());
    for (InjectionPoint p : m.base().injectionPoints()) {
      assertTrue(p.host().adapters().isEmpty(), p.path());
    }
  }

  @Test
  void targetsSelectByNameGlobAndLayer() {
    AdapterModel m = model(false);
    m.addAdapter(
        "q1", LoraSpec.builder().optTargets(Targets.modules("q_proj").onLayers(1, 1)).build());
    m.addAdapter(
        "glob",
        LoraSpec.builder()
            .optTargets(Targets.modules("encoder.layers.*.attention.?_proj"))
            .build());
    assertEquals(
        List.of("encoder.layers.1.attention.q_proj"),
        m.adapter("q1").blocks().keySet().stream().map(InjectionPoint::path).toList());
    assertEquals(6, m.adapter("glob").blocks().size());
  }

  @Test
  void stackedResidualAdaptersRunInActivationOrder() {
    AdapterModel m = model(false);
    NDList in = batch();
    m.addAdapter("a", BottleneckSpec.builder().build());
    m.addAdapter("b", ConvAdapterSpec.builder().optSeReduction(4).build());
    m.setActiveAdapters("a", "b");
    NDArray ab = TinyModels.infer(m, in);
    m.setActiveAdapters("b", "a");
    NDArray ba = TinyModels.infer(m, in);
    assertTrue(maxAbsDiff(ab, ba) > 1e-4, "order of stacked adapters made no difference");
    assertEquals(List.of("b", "a"), m.activeAdapters());
  }

  @Test
  void parameterPathsAgreeWithInjectionPaths() {
    AdapterModel m = model(false);
    Set<String> params = m.baseParameters().keySet();
    for (InjectionPoint p : m.base().injectionPoints()) {
      if (p.site() == Site.LINEAR) {
        assertTrue(params.contains(p.path() + ".weight"), p.path() + " not in " + params);
      }
    }
    assertTrue(params.contains("encoder.layers.1.final_layer_norm.bias"), params.toString());
  }

  // ---- methods on convolutions (TinyConvModel: an ungrouped and a grouped convolution) ----

  static Stream<Arguments> convMethods() {
    return Stream.of(
        Arguments.of("lora_conv", convLora(false, "feature", "pos_conv")),
        Arguments.of("dora_conv", convLora(true, "feature", "pos_conv")),
        Arguments.of("dora_conv_rslora", convDoraRslora()));
  }

  private static LoraSpec convLora(boolean dora, String... targets) {
    return LoraSpec.builder()
        .optRank(4)
        .optAlpha(8)
        .optUseDora(dora)
        .optTargets(Targets.modules(targets))
        .build();
  }

  private static LoraSpec convDoraRslora() {
    return LoraSpec.builder()
        .optRank(2)
        .optAlpha(4)
        .optUseDora(true)
        .optUseRslora(true)
        .optTargets(Targets.modules("feature", "pos_conv", "q_proj"))
        .build();
  }

  private NDArray convInput() {
    return manager.randomNormal(new Shape(2, TinyConvModel.IN, TinyConvModel.TIME));
  }

  private static NDArray inferConv(AdapterModel m, NDArray x) {
    return m.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
  }

  /** Random values, with DoRA magnitudes moved near 1 + their norm so no factor is near zero. */
  private static void randomiseConv(Adapter a, long seed) {
    TinyModels.randomise(a, seed);
    a.tensors()
        .forEach(
            (k, p) -> {
              if (k.endsWith("lora_magnitude_vector")) {
                p.getArray().addi(2f);
              }
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convMethods")
  void onConvolutionsStartsAsTheBaseAndDeleteRestoresIt(String name, LoraSpec spec) {
    AdapterModel m = TinyConvModel.wrapped(manager);
    NDArray x = convInput();
    NDArray base = inferConv(m, x);
    m.addAdapter(name, spec).setActiveAdapters(name);
    float init = maxAbsDiff(base, inferConv(m, x));
    System.out.printf("identity at init %s: max abs diff %.3g%n", name, init);
    assertEquals(0f, init, 1e-6f);
    randomiseConv(m.adapter(name), 7);
    assertTrue(maxAbsDiff(base, inferConv(m, x)) > 1e-3, "active adapter had no effect");
    m.setActiveAdapters();
    assertEquals(0f, maxAbsDiff(base, inferConv(m, x)), "deactivated adapter changed outputs");
    m.deleteAdapter(name);
    assertEquals(0f, maxAbsDiff(base, inferConv(m, x)), "deleted adapter changed outputs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convMethods")
  void onConvolutionsTheFormulaCountsWhatTheBlocksHold(String name, LoraSpec spec) {
    AdapterModel m = TinyConvModel.wrapped(manager);
    m.addAdapter(name, spec);
    for (var e : m.adapter(name).blocks().entrySet()) {
      long here =
          StateDict.of(e.getValue(), "").values().stream()
              .mapToLong(p -> p.getArray().size())
              .sum();
      assertEquals(formulaAt(spec, e.getKey()), here, name + " at " + e.getKey().path());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convMethods")
  void onConvolutionsAStepChangesEveryAdapterTensorAndNoBaseParameter(String name, LoraSpec spec) {
    AdapterModel m = TinyConvModel.wrapped(manager);
    m.addAdapter(name, spec).setActiveAdapters(name);
    randomiseConv(m.adapter(name), 9);
    Map<String, float[]> before = TinyModels.snapshot(m);
    Shape in = new Shape(2, TinyConvModel.IN, TinyConvModel.TIME);
    try (Trainer t = TinyModels.trainer(m, 1e-2f, in);
        NDManager batch = manager.newSubManager()) {
      try (GradientCollector gc = t.newGradientCollector()) {
        NDArray y = t.forward(new NDList(batch.randomNormal(in))).head();
        gc.backward(y.mul(y).mean());
      }
      t.step();
    }
    Map<String, float[]> after = TinyModels.snapshot(m);
    assertEquals(before.keySet(), after.keySet());
    for (String k : before.keySet()) {
      boolean changed = !Arrays.equals(before.get(k), after.get(k));
      assertEquals(k.contains("lora_"), changed, k);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convMethods")
  void onConvolutionsSavesAndLoadsBitForBit(String name, LoraSpec spec) throws Exception {
    AdapterModel m = TinyConvModel.wrapped(manager);
    NDArray x = convInput();
    m.addAdapter(name, spec).setActiveAdapters(name);
    randomiseConv(m.adapter(name), 5);
    NDArray out = inferConv(m, x);
    Path dir = tmp.resolve(name);
    AdapterFiles.save(m, name, dir, Provenance.builder().setBaseModel("tiny").build());
    AdapterModel other = TinyConvModel.wrapped(manager);
    TinyModels.copyBase(m, other);
    assertEquals(spec, AdapterFiles.load(other, dir, name).spec());
    other.setActiveAdapters(name);
    Map<String, Parameter> loaded = other.adapter(name).tensors();
    m.adapter(name)
        .tensors()
        .forEach(
            (k, p) -> {
              assertEquals(p.getArray().getShape(), loaded.get(k).getArray().getShape(), k);
              assertArrayEquals(
                  p.getArray().toFloatArray(), loaded.get(k).getArray().toFloatArray(), k);
            });
    assertEquals(0f, maxAbsDiff(out, inferConv(other, x)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("convMethods")
  void onConvolutionsMixedRowsEqualEachAdapterAlone(String name, LoraSpec spec) {
    AdapterModel m = TinyConvModel.wrapped(manager);
    m.addAdapter("a", spec);
    m.addAdapter("b", convLora(false, "feature", "pos_conv"));
    randomiseConv(m.adapter("a"), 21);
    randomiseConv(m.adapter("b"), 22);
    MixedRows.assertEqualEachAdapterAlone(name, m, convInput());
  }

  static Stream<Arguments> mergeableConvMethods() {
    return Stream.of(
        Arguments.of("lora_conv", convLora(false, "feature", "q_proj")),
        Arguments.of("dora_conv", convLora(true, "feature", "q_proj")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mergeableConvMethods")
  void onUngroupedConvolutionsMergedEqualsUnmerged(String name, LoraSpec spec) {
    AdapterModel m = TinyConvModel.wrapped(manager);
    NDArray x = convInput();
    m.addAdapter(name, spec).setActiveAdapters(name);
    randomiseConv(m.adapter(name), 11);
    NDArray unmerged = inferConv(m, x);
    Map<String, float[]> weightsBefore = TinyModels.snapshot(m);
    m.merge(name);
    float d = maxAbsDiff(unmerged, inferConv(m, x));
    System.out.printf("%s merged vs unmerged: max abs diff %.3g%n", name, d);
    assertTrue(d <= 1e-5, "merged output differs by " + d);
    m.unmerge(name);
    assertTrue(maxAbsDiff(unmerged, inferConv(m, x)) <= 1e-5);
    Map<String, float[]> weightsAfter = TinyModels.snapshot(m);
    for (String k : weightsBefore.keySet()) {
      assertArrayEquals(weightsBefore.get(k), weightsAfter.get(k), 1e-5f, k);
    }
  }
}
