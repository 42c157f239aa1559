package dev.sure4j.speech.tts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.ParameterReport;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter method attaches to the FastSpeech model through {@code AdapterModel}, starts as the
 * identity where the method promises it, changes the mel once its values are random, and saves and
 * reloads bit for bit.
 */
class FastSpeechAdaptersTest extends ManagedTest {

  @TempDir Path tmp;

  static Stream<Arguments> methods() {
    BottleneckSpec identityBottleneck =
        BottleneckSpec.builder()
            .optReductionFactor(2)
            .optZeroInitUp(true)
            .optTargets(Targets.modules("post_ffn"))
            .build();
    return Stream.of(
        Arguments.of("lora", AdapterMethods.variant(Preset.TTS, "lora").spec(), true, 8),
        Arguments.of("bottleneck", identityBottleneck, true, 4),
        Arguments.of(
            "bottleneck_init", AdapterMethods.variant(Preset.TTS, "bottleneck").spec(), false, 4),
        Arguments.of("conv", AdapterMethods.variant(Preset.TTS, "conv").spec(), false, 4),
        Arguments.of("prefix", AdapterMethods.variant(Preset.TTS, "prefix").spec(), false, 4),
        Arguments.of("full", AdapterMethods.variant(Preset.TTS, "full").spec(), true, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void attachesChangesTheMelAndReloadsBitForBit(
      String name, AdapterSpec spec, boolean identityAtStart, int points) throws IOException {
    AdapterModel a = AdapterModel.wrap(FastSpeechModelTest.tinyModel(manager));
    AdapterModel b = AdapterModel.wrap(FastSpeechModelTest.tinyModel(manager));
    a.baseParameters()
        .forEach((k, p) -> b.baseParameters().get(k).getArray().set(p.getArray().toByteArray()));
    NDList in = TtsBatches.batch(manager, true).toList();
    NDArray base = TinyModels.infer(a, in);

    a.addAdapter(name, spec).setActiveAdapters(name);
    assertEquals(points, a.adapter(name).blocks().size(), name + " blocks");
    for (InjectionPoint p : a.adapter(name).blocks().keySet()) {
      assertTrue(p.path().matches("(en|de)coder\\.layers\\.\\d\\..*"), p.path());
    }
    float atStart = FastSpeechModelTest.diff(TinyModels.infer(a, in), base);
    System.out.printf("tts %s: max |adapted - base| at start = %g%n", name, atStart);
    if (identityAtStart) {
      assertEquals(0f, atStart, name + " starts as the identity");
    }

    randomise(name, a.adapter(name).tensors());
    NDArray adapted = TinyModels.infer(a, in);
    float moved = FastSpeechModelTest.diff(adapted, base);
    assertTrue(moved > 1e-3f, name + " changes the mel once random: " + moved);
    ParameterReport report = a.trainableParameters();
    assertTrue(report.trainable() > 0, name + ": " + report);

    Path dir = tmp.resolve(name);
    AdapterFiles.save(a, name, dir, Provenance.builder().setBaseModel("test/tiny-tts").build());
    AdapterFiles.load(b, dir, name);
    b.setActiveAdapters(name);
    assertArrayEquals(adapted.toFloatArray(), TinyModels.infer(b, in).toFloatArray(), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void paddingStaysExactWithAdaptersExceptTheConvAdapterSqueeze(
      String name, AdapterSpec spec, boolean identityAtStart, int points) {
    FastSpeechModel model = FastSpeechModelTest.tinyModel(manager);
    AdapterModel a = AdapterModel.wrap(model);
    a.addAdapter(name, spec).setActiveAdapters(name);
    randomise(name, a.adapter(name).tensors());
    ParameterStore store = new ParameterStore(manager, false);
    NDArray batch = model.forward(store, TtsBatches.batch(manager, true), false).postnetMel();
    float worst = 0;
    float scale = 0;
    for (int i = 0; i < 2; i++) {
      FastSpeechOutput alone = model.forward(store, TtsBatches.single(manager, true, i), false);
      NDIndex rows = new NDIndex("{}, :{}, :", i, alone.melLengths()[0]);
      worst = Math.max(worst, FastSpeechModelTest.diff(batch.get(rows), alone.postnetMel().get(0)));
      scale = Math.max(scale, alone.postnetMel().abs().max().getFloat());
    }
    System.out.printf(
        "tts %s: padded batch vs alone, max |diff| = %g (max |mel| %g)%n", name, worst, scale);
    if (name.equals("conv")) {
      // the ConvAdapter's squeeze-excitation averages over all frames, padding included (as SURE)
      assertTrue(worst > 1e-4f, "conv squeeze sees padding: " + worst);
    } else {
      // a row alone and in a padded batch go through matrix products (linears, convolutions as
      // kernel windows x weights) of other sizes, which may round differently: a few float32 ulps
      // of the largest value (measured up to 1.4e-6 of it), where padding that leaked would show
      // as 1e-2 or more
      assertTrue(worst < 5e-6f * scale, name + " keeps padded batches exact: " + worst);
    }
  }

  private void randomise(String name, Map<String, Parameter> tensors) {
    tensors.forEach(
        (path, p) -> {
          if (!name.equals("full") || path.endsWith("attention.q_proj.weight")) {
            NDArray x = p.getArray();
            x.addi(manager.randomNormal(0, 0.5f, x.getShape(), x.getDataType()));
          }
        });
  }

  @Test
  void sureGeometryTrainableShares() {
    FastSpeechConfig sure = FastSpeechConfig.builder().setVocabSize(100).optSpeakers(4).build();
    AdapterModel model = AdapterModel.wrap(new FastSpeechModel(sure).initialize(manager));
    Map<String, Long> perMethod =
        Map.of(
            "lora", 10L * 2 * (8 * 256 + 256 * 8),
            "bottleneck", 10L * (256 * 128 + 128 + 128 * 256 + 256),
            "conv", 10L * (2 * 256 + 128 * 2 * 3 + 128 * 5 + 256 * 3 + 16 * 256 + 256 * 16),
            "prefix", 10L * 2 * 30 * 256);
    Map<String, AdapterSpec> specs =
        Map.of(
            "lora", AdapterMethods.variant(Preset.TTS, "lora").spec(),
            "bottleneck", AdapterMethods.variant(Preset.TTS, "bottleneck").spec(),
            "conv", AdapterMethods.variant(Preset.TTS, "conv").spec(),
            "prefix", AdapterMethods.variant(Preset.TTS, "prefix").spec(),
            "full", AdapterMethods.variant(Preset.TTS, "full").spec());
    long base = ParameterReport.of(model.base()).all();
    for (String name : new String[] {"lora", "bottleneck", "conv", "prefix", "full"}) {
      model.addAdapter(name, specs.get(name)).setActiveAdapters(name);
      ParameterReport r = model.trainableParameters();
      System.out.printf("tts SURE geometry (D=256, 4+6 FFT blocks) %-10s %s%n", name, r);
      if (perMethod.containsKey(name)) {
        assertEquals((long) perMethod.get(name), r.trainable(), name);
        assertEquals(base + r.trainable(), r.all(), name);
      } else {
        assertEquals(base, r.trainable(), "full fine-tuning trains every base parameter");
      }
      model.deleteAdapter(name);
    }
  }
}
