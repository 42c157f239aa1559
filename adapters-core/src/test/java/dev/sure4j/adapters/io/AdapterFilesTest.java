package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.ia3.Ia3Spec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.probe.HeadOnlySpec;
import dev.sure4j.adapters.testing.SequenceClassificationHead;
import dev.sure4j.adapters.vera.VeraSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AdapterFilesTest {

  private static final int D = 32;
  private static final String Q_A =
      "base_model.model.encoder.layers.0.attention.q_proj.lora_A.weight";

  @TempDir Path tmp;
  private NDManager manager;
  private NDArray x;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    x = TestModels.input(manager, D);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  static Stream<AdapterSpec> specs() {
    return Stream.of(
        LoraSpec.builder().optRank(4).optAlpha(8).build(),
        BottleneckSpec.builder().optWidth(8).optLayerNorm(true).build(),
        BottleneckSpec.houlsby(),
        ConvAdapterSpec.builder().build(),
        PrefixSpec.builder().optLength(5).build(),
        PrefixSpec.builder().optLength(3).optReparameterize(16).build(),
        FullFineTuneSpec.all(),
        Ia3Spec.builder().build(),
        VeraSpec.builder().optRank(4).optTargets(VERA_TARGETS).build(),
        VeraSpec.builder().optRank(4).optTargets(VERA_TARGETS).optSaveProjection(false).build());
  }

  /** Linears of two shapes, so that VeRA's shared projections are sliced. */
  private static final Targets VERA_TARGETS =
      Targets.modules("q_proj", "v_proj", "intermediate_dense", "output_dense");

  private static Provenance provenance() {
    return Provenance.builder().setBaseModel("test/tiny-encoder").optSeed(7).build();
  }

  /** A saved adapter with random weights, and the outputs it produced. */
  private record Saved(Path dir, float[] output, AdapterModel source) {}

  private Saved saveRandom(AdapterModel fresh, AdapterSpec spec, boolean withHead)
      throws IOException {
    AdapterModel a = TestModels.model(manager);
    TestModels.copy(fresh.baseParameters(), a.baseParameters());
    a.addAdapter("task", spec, withHead ? TestModels.head(manager, D) : null);
    a.setActiveAdapters("task");
    TestModels.randomise(a.adapter("task").tensors(), 11);
    Path dir = tmp.resolve("task-" + spec.method());
    AdapterFiles.save(a, "task", dir, provenance());
    return new Saved(dir, TestModels.forward(a, x), a);
  }

  @ParameterizedTest
  @MethodSource("specs")
  void saveThenLoadReproducesOutputsBitForBit(AdapterSpec spec) throws IOException {
    for (boolean withHead : new boolean[] {false, true}) {
      AdapterModel b = TestModels.model(manager);
      float[] before = TestModels.forward(b, x);
      Saved s = saveRandom(b, spec, withHead);
      AdapterConfig c =
          AdapterFiles.load(b, s.dir(), "task", withHead ? TestModels.head(manager, D) : null);
      assertEquals(spec, c.spec());
      assertEquals(List.of(), b.activeAdapters());
      b.setActiveAdapters("task");
      float[] after = TestModels.forward(b, x);
      System.out.printf(
          "%s head=%s: max |saved - loaded| = %g%n",
          spec.method(), withHead, TestModels.maxAbsDiff(s.output(), after));
      assertArrayEquals(s.output(), after, spec + " outputs after load");
      if (!withHead) {
        assertTrue(TestModels.maxAbsDiff(before, after) > 1e-3, "the adapter changes the output");
      }
      try (SafetensorsReader r =
          SafetensorsReader.open(s.dir().resolve(AdapterFiles.TENSOR_FILE))) {
        assertEquals(s.source().adapter("task").tensors().keySet(), r.names());
      }
    }
  }

  @Test
  void headOnlyAdaptersHoldOnlyHeadTensorsAndRoundTrip() throws IOException {
    AdapterModel b = TestModels.model(manager);
    Saved s = saveRandom(b, HeadOnlySpec.create(), true);
    try (SafetensorsReader r = SafetensorsReader.open(s.dir().resolve(AdapterFiles.TENSOR_FILE))) {
      assertTrue(!r.names().isEmpty(), "no head tensors saved");
      for (String n : r.names()) {
        assertTrue(n.startsWith("head."), "a head-only file holds " + n);
      }
    }
    AdapterConfig c = AdapterFiles.load(b, s.dir(), "task", TestModels.head(manager, D));
    assertEquals(HeadOnlySpec.create(), c.spec());
    b.setActiveAdapters("task");
    assertArrayEquals(s.output(), TestModels.forward(b, x), "head-only outputs after load");
  }

  @Test
  void loraFilesUsePeftNamesAndHoldOnlyAdapterAndHeadTensors() throws IOException {
    AdapterModel b = TestModels.model(manager);
    Saved s = saveRandom(b, LoraSpec.builder().optRank(4).build(), true);
    try (SafetensorsReader r = SafetensorsReader.open(s.dir().resolve(AdapterFiles.TENSOR_FILE))) {
      assertTrue(r.names().contains(Q_A));
      assertEquals(new Shape(4, D), r.info(Q_A).shape());
      assertEquals(
          new Shape(2 * D, 4),
          r.info("base_model.model.encoder.layers.1.feed_forward.intermediate_dense.lora_B.weight")
              .shape());
      assertTrue(r.names().contains("head.classifier.weight"));
      // 2 layers x 6 linears x (A, B) + projector and classifier weights and biases
      assertEquals(2 * 6 * 2 + 4, r.names().size());
      assertEquals(Map.of("format", "pt"), r.metadata());
    }
    AdapterConfig c = AdapterConfig.read(s.dir().resolve(AdapterConfig.FILE_NAME));
    assertEquals(List.of("projector", "classifier"), c.modulesToSave());
    assertEquals(SequenceClassificationHead.class.getName(), c.headClass().get());
    assertEquals("test/tiny-encoder", c.provenance().get().baseModel());
  }

  /** Everything observable about a model, to compare before and after a failed load. */
  private record State(
      List<String> adapters, List<String> active, Map<String, float[]> params, float[] output) {}

  private State state(AdapterModel m) {
    return new State(
        new ArrayList<>(m.adapters().keySet()),
        m.activeAdapters(),
        TestModels.snapshot(m),
        TestModels.forward(m, x));
  }

  private void assertUnchanged(State before, AdapterModel m) {
    State after = state(m);
    assertEquals(before.adapters(), after.adapters());
    assertEquals(before.active(), after.active());
    assertEquals(before.params().keySet(), after.params().keySet());
    before.params().forEach((k, v) -> assertArrayEquals(v, after.params().get(k), k));
    assertArrayEquals(before.output(), after.output());
  }

  /** A model with one active bottleneck adapter, the target of failing loads. */
  private AdapterModel victim() {
    AdapterModel m = TestModels.model(manager);
    m.addAdapter("existing", BottleneckSpec.builder().optWidth(4).build());
    m.setActiveAdapters("existing");
    TestModels.randomise(m.adapter("existing").tensors(), 3);
    return m;
  }

  private static void rewriteConfig(Path dir, String from, String to) throws IOException {
    Path f = dir.resolve(AdapterConfig.FILE_NAME);
    String json = Files.readString(f);
    assertTrue(json.contains(from));
    Files.writeString(f, json.replace(from, to));
  }

  /** Rewrites the tensor file, dropping {@code drop} (may be null) and adding {@code extra}. */
  private static void rewriteTensors(Path dir, String drop, String extra) throws IOException {
    Path f = dir.resolve(AdapterFiles.TENSOR_FILE);
    SafetensorsWriter w = SafetensorsWriter.create();
    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      for (TensorInfo t : r.tensors().values()) {
        if (!t.name().equals(drop)) {
          w.add(t.name(), r.readFloats(t.name()), t.shape());
        }
      }
    }
    if (extra != null) {
      w.add(extra, new float[] {1, 2}, new Shape(2));
    }
    w.write(f);
  }

  @Test
  void shapeMismatchNamesTensorBothShapesAndFile() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, LoraSpec.builder().optRank(4).build(), false);
    rewriteConfig(s.dir(), "\"r\": 4", "\"r\": 2");
    State before = state(m);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(m, s.dir(), "new"));
    assertTrue(e.getMessage().contains("'" + Q_A + "'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("(4, 32)") && e.getMessage().contains("(2, 32)"), e.getMessage());
    assertTrue(e.getMessage().contains(AdapterFiles.TENSOR_FILE), e.getMessage());
    assertUnchanged(before, m);
  }

  @Test
  void missingAndUnexpectedTensorsAreListed() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, LoraSpec.builder().optRank(4).build(), false);
    String extra = "base_model.model.encoder.layers.0.attention.q_proj.lora_C.weight";
    rewriteTensors(s.dir(), Q_A, extra);
    State before = state(m);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(m, s.dir(), "new"));
    assertTrue(e.getMessage().contains("missing 1: [" + Q_A + "]"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected 1: [" + extra + "]"), e.getMessage());
    assertTrue(e.getMessage().contains(s.dir().resolve(AdapterFiles.TENSOR_FILE).toString()));
    assertUnchanged(before, m);
  }

  @Test
  void headTensorsWithoutHeadAreUnexpected() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, LoraSpec.builder().optRank(4).build(), true);
    State before = state(m);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(m, s.dir(), "new"));
    assertTrue(e.getMessage().contains("head.classifier.weight"), e.getMessage());
    assertUnchanged(before, m);
  }

  @Test
  void loadWithoutHeadSkipsHeadTensorsAndReproducesTheEncoderSide() throws IOException {
    AdapterModel m = TestModels.model(manager);
    Saved s = saveRandom(m, LoraSpec.builder().optRank(4).build(), true);
    AdapterFiles.loadWithoutHead(m, s.dir(), "enc");
    m.setActiveAdapters("enc");
    AdapterModel encoderOnly = TestModels.model(manager);
    TestModels.copy(m.baseParameters(), encoderOnly.baseParameters());
    AdapterFiles.load(encoderOnly, s.dir(), "full", TestModels.head(manager, D));
    for (var e : m.adapter("enc").tensors().entrySet()) {
      assertArrayEquals(
          encoderOnly.adapter("full").tensors().get(e.getKey()).getArray().toFloatArray(),
          e.getValue().getArray().toFloatArray(),
          e.getKey());
    }
    assertTrue(m.adapter("enc").head().isEmpty());
  }

  @Test
  void failedFullFineTuneLoadLeavesBaseWeightsUntouched() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, FullFineTuneSpec.all(), false);
    List<String> names = new ArrayList<>(s.source().adapter("task").tensors().keySet());
    String last = names.get(names.size() - 1);
    rewriteTensors(s.dir(), last, null);
    State before = state(m);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(m, s.dir(), "full"));
    assertTrue(e.getMessage().contains("missing 1: [" + last + "]"), e.getMessage());
    assertUnchanged(before, m);
  }

  @Test
  void truncatedTensorFileNamesFileAndLeavesModelUnchanged() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, FullFineTuneSpec.all(), false);
    Path f = s.dir().resolve(AdapterFiles.TENSOR_FILE);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 100));
    State before = state(m);
    IOException e = assertThrows(IOException.class, () -> AdapterFiles.load(m, s.dir(), "full"));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertUnchanged(before, m);
    // the name was not consumed: a good file loads under it afterwards
    AdapterFiles.save(s.source(), "task", s.dir(), provenance());
    AdapterFiles.load(m, s.dir(), "full");
    assertEquals(List.of("existing", "full"), new ArrayList<>(m.adapters().keySet()));
  }

  @Test
  void corruptConfigNamesFileAndLeavesModelUnchanged() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, ConvAdapterSpec.builder().build(), false);
    Files.writeString(s.dir().resolve(AdapterConfig.FILE_NAME), "{\"peft_type\": \"CONV_ADAP");
    State before = state(m);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(m, s.dir(), "new"));
    assertTrue(e.getMessage().contains(AdapterConfig.FILE_NAME), e.getMessage());
    assertUnchanged(before, m);
  }

  @Test
  void takenNameLeavesModelUnchanged() throws IOException {
    AdapterModel m = victim();
    Saved s = saveRandom(m, LoraSpec.builder().build(), false);
    State before = state(m);
    assertThrows(IllegalArgumentException.class, () -> AdapterFiles.load(m, s.dir(), "existing"));
    assertUnchanged(before, m);
  }

  @Test
  void savingAgainReplacesTheDirectoryAndKeepsOtherFiles() throws IOException {
    AdapterModel m = TestModels.model(manager);
    Saved first = saveRandom(m, LoraSpec.builder().optRank(4).build(), false);
    Files.writeString(first.dir().resolve("notes.txt"), "kept");
    AdapterModel other = TestModels.model(manager);
    other.addAdapter("task", BottleneckSpec.builder().optWidth(4).build());
    AdapterFiles.save(other, "task", first.dir(), provenance());
    assertEquals(
        "BOTTLENECK",
        AdapterConfig.read(first.dir().resolve(AdapterConfig.FILE_NAME)).spec().method());
    assertEquals("kept", Files.readString(first.dir().resolve("notes.txt")));
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertEquals(List.of(first.dir()), siblings.toList(), "no temporary directories remain");
    }
  }

  @Test
  void savingUnknownAdapterWritesNothing() {
    AdapterModel m = TestModels.model(manager);
    assertThrows(
        IllegalArgumentException.class,
        () -> AdapterFiles.save(m, "nope", tmp.resolve("x"), provenance()));
    assertFalse(Files.exists(tmp.resolve("x")));
  }
}
