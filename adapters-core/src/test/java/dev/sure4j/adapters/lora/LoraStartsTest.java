package dev.sure4j.adapters.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.TinyModels;
import dev.sure4j.adapters.train.AdapterFileCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LoRA's starts from the base weight (PiSSA, OLoRA): the adapted model starts as the base model,
 * deleting the adapter restores the base, and a saved adapter is a plain LoRA of rank {@code 2r}
 * that gives the trained outputs on the untouched base model.
 */
class LoraStartsTest extends ManagedTest {

  private static final int D = 16;
  private static final String Q = "encoder.layers.0.attention.q_proj.weight";

  @TempDir Path dir;

  static Stream<LoraInit> starts() {
    return Stream.of(LoraInit.PISSA, LoraInit.OLORA);
  }

  private static LoraSpec spec(LoraInit init) {
    return LoraSpec.builder()
        .optRank(4)
        .optAlpha(8)
        .optTargets(Targets.modules("q_proj", "v_proj", "intermediate_dense"))
        .optInit(init)
        .build();
  }

  private AdapterModel model() {
    Engine.getInstance().setRandomSeed(17);
    return AdapterModel.wrap(TinyModels.encoder(manager, D, 4, 2, false));
  }

  private NDList batch() {
    Engine.getInstance().setRandomSeed(3);
    NDArray x = manager.randomNormal(new Shape(2, 5, D));
    NDArray mask = manager.create(new float[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
    return new NDList(x, mask);
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** The base model's {@code q_proj} weight, as it is now. */
  private static float[] qWeight(AdapterModel m) {
    return m.baseParameters().get(Q).getArray().toFloatArray();
  }

  /**
   * Prints a line of two differences and checks that both vanish: of outputs (to 1e-5) and of the
   * {@code q_proj} weight (to 1e-6).
   *
   * @param line the format, with the start's PEFT name and the two differences
   */
  private static void assertBothVanish(String line, LoraInit init, float outputs, float weight) {
    System.out.printf(line, init.toPeft(), outputs, weight);
    assertEquals(0f, outputs, 1e-5f);
    assertEquals(0f, weight, 1e-6f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("starts")
  void theStartIsTheBaseModelAndDeletingRestoresTheBase(LoraInit init) {
    AdapterModel m = model();
    NDList in = batch();
    NDArray base = TinyModels.infer(m, in);
    float[] w = qWeight(m);
    m.addAdapter("s", spec(init));
    float[] residual = qWeight(m);
    assertTrue(maxAbsDiff(w, residual) > 1e-2, "the base weight holds the residual");
    m.setActiveAdapters("s");
    float atStart = maxAbsDiff(base, TinyModels.infer(m, in));
    m.deleteAdapter("s");
    float restored = maxAbsDiff(w, qWeight(m));
    assertBothVanish(
        "LoRA %s: start vs base max abs difference %.3g, weight after delete %.3g%n",
        init, atStart, restored);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("starts")
  void mergedEqualsUnmergedAndUnmergeRestoresTheResidual(LoraInit init) {
    AdapterModel m = model();
    NDList in = batch();
    m.addAdapter("s", spec(init));
    TinyModels.randomise(m.adapter("s"), 5);
    m.setActiveAdapters("s");
    NDArray unmerged = TinyModels.infer(m, in);
    float[] residual = qWeight(m);
    m.merge("s");
    float merged = maxAbsDiff(unmerged, TinyModels.infer(m, in));
    m.unmerge("s");
    float back = maxAbsDiff(residual, qWeight(m));
    assertBothVanish(
        "LoRA %s: merged vs unmerged max abs difference %.3g, residual after unmerge %.3g%n",
        init, merged, back);
  }

  @Test
  void adapterFileCheckpointsRestoreTheParametersOfAPissaAdapter() throws Exception {
    AdapterModel m = model();
    m.addAdapter("s", spec(LoraInit.PISSA)).setActiveAdapters("s");
    m.applyFreezing();
    TinyModels.randomise(m.adapter("s"), 9);
    LoraDelta d = (LoraDelta) m.adapter("s").blocks().values().iterator().next();
    float[] a = d.loraA().getArray().toFloatArray();
    AdapterFileCheckpoints files =
        new AdapterFileCheckpoints(Provenance.builder().setBaseModel("test/tiny").build());
    Files.createDirectories(dir.resolve("ckpt"));
    files.write(m, "s", dir.resolve("ckpt"));
    TinyModels.randomise(m.adapter("s"), 10);
    files.read(m, "s", dir.resolve("ckpt"));
    assertEquals(0f, maxAbsDiff(a, d.loraA().getArray().toFloatArray()));
  }

  @Test
  void oloraStartsWithOrthonormalColumnsOfB() {
    AdapterModel m = model();
    m.addAdapter("s", spec(LoraInit.OLORA));
    LoraDelta d = (LoraDelta) m.adapter("s").blocks().values().iterator().next();
    try (NDArray b = d.loraB().getArray().duplicate();
        NDArray btb = b.transpose().matMul(b)) {
      float diff = maxAbsDiff(btb, manager.eye(4));
      assertEquals(0f, diff, 1e-5f, "B^T B = I");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("starts")
  void theSavedFileIsAPlainLoraOnTheUntouchedBase(LoraInit init) throws Exception {
    AdapterModel trained = model();
    NDList in = batch();
    trained.addAdapter("s", spec(init));
    // stands in for training: A and B move away from their start
    for (var block : trained.adapter("s").blocks().values()) {
      LoraDelta d = (LoraDelta) block;
      d.loraA().getArray().addi(manager.randomNormal(d.loraA().getArray().getShape()).mul(0.1f));
      d.loraB().getArray().addi(manager.randomNormal(d.loraB().getArray().getShape()).mul(0.1f));
    }
    trained.setActiveAdapters("s");
    NDArray expected = TinyModels.infer(trained, in);
    Path out = dir.resolve("adapter");
    AdapterFiles.save(
        trained, "s", out, Provenance.builder().setBaseModel("test/tiny").optSeed(1).build());
    JsonObject c =
        JsonParser.parseString(Files.readString(out.resolve(AdapterConfig.FILE_NAME)))
            .getAsJsonObject();
    assertEquals(true, c.get("init_lora_weights").getAsBoolean());
    assertEquals(8, c.get("r").getAsInt());
    assertEquals(16.0, c.get("lora_alpha").getAsDouble());

    AdapterModel fresh = model();
    float[] untouched = qWeight(fresh);
    AdapterConfig loaded = AdapterFiles.load(fresh, out, "s");
    assertEquals(new LoraSpec(8, 16, 0, spec(init).targets()), loaded.spec());
    assertEquals(0f, maxAbsDiff(untouched, qWeight(fresh)));
    fresh.setActiveAdapters("s");
    float diff = maxAbsDiff(expected, TinyModels.infer(fresh, in));
    System.out.printf(
        "LoRA %s saved as rank-2r LoRA, on the untouched base: max abs difference %.3g%n",
        init.toPeft(), diff);
    assertEquals(0f, diff, 1e-5f);
  }

  /** Saves a fresh Kaiming-started adapter under {@code dir/name} and returns its config file. */
  private Path savedConfig(String name) throws IOException {
    AdapterModel m = model();
    Path out = dir.resolve(name);
    m.addAdapter("p", spec(LoraInit.KAIMING));
    AdapterFiles.save(m, "p", out, Provenance.builder().setBaseModel("test/tiny").build());
    return out.resolve(AdapterConfig.FILE_NAME);
  }

  @Test
  void initLoraWeightsIsReadAsPeftWritesIt() throws Exception {
    Path config = savedConfig("plain");
    JsonObject c = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
    c.remove("sure4j");
    for (String v : new String[] {"gaussian", "pissa", "olora"}) {
      c.addProperty("init_lora_weights", v);
      Files.writeString(config, c.toString());
      LoraSpec s = (LoraSpec) AdapterConfig.read(config).spec();
      assertEquals(v, s.init().toPeft().getAsString());
    }
    c.addProperty("init_lora_weights", "loftq");
    Files.writeString(config, c.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterConfig.read(config));
    assertEquals(
        config
            + ": field 'init_lora_weights' is \"loftq\"; sure4j supports true, \"gaussian\","
            + " \"pissa\" and \"olora\"",
        e.getMessage());
  }

  @Test
  void pissaNiterIsRefusedInOneLineSayingWhy() throws Exception {
    Path config = savedConfig("niter");
    JsonObject c = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
    c.addProperty("init_lora_weights", "pissa_niter_16");
    Files.writeString(config, c.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AdapterConfig.read(config));
    System.out.println(e.getMessage());
    assertTrue(
        e.getMessage().startsWith(config + ": field 'init_lora_weights' is \"pissa_niter_16\": "),
        e.getMessage());
    assertTrue(e.getMessage().contains("global generator"), e.getMessage());
    assertTrue(e.getMessage().contains("use \"pissa\""), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    IllegalArgumentException built =
        assertThrows(IllegalArgumentException.class, () -> new LoraInit(LoraInit.Kind.PISSA, 16));
    assertTrue(built.getMessage().contains("global generator"), built.getMessage());
  }

  @Test
  void aRankAboveTheWeightsSizeIsRefused() {
    AdapterModel m = model();
    LoraSpec big = LoraSpec.builder().optRank(D + 1).optInit(LoraInit.PISSA).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.addAdapter("big", big));
    assertTrue(e.getMessage().contains("rank <= min(out, in)"), e.getMessage());
  }
}
