package dev.sure4j.cli.reliability;

import static dev.sure4j.cli.reliability.Edit.refusedCase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.speech.tasks.SpeechSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adapter-directory catalogue: copies of an adapter from a two-step {@code ./sure4j train} run
 * on the mini keyword corpus, broken in one place each, run through {@code ./sure4j predict}.
 * Broken ones must be refused with one line naming the file, tensor or value, print no prediction,
 * and leave a session that already holds an adapter as it was.
 */
class AdapterDirectoryInputsTest {

  private static final String CONFIG = "adapter_config.json";
  private static final String WEIGHTS = "adapter_model.safetensors";
  private static final String TASK = "task.json";

  @TempDir static Path tmp;
  private static Path adapter;
  private static Path clip;
  private static String prediction;

  @BeforeAll
  static void trainAnAdapter() throws IOException {
    Path corpus = Cli.kwsSubset(tmp.resolve("kws"));
    Path run = tmp.resolve("run");
    Cli.train(corpus, "lora", 2, run, false).assertWorked("train");
    adapter = run.resolve("adapter");
    clip = Path.of(Files.readAllLines(corpus.resolve("test.csv")).get(1).split(",")[0]);
    Cli ok = predict(Cli.MODEL, adapter).assertWorked("predict");
    prediction = ok.out();
    assertTrue(prediction.startsWith(clip + "\tkws\t"), prediction);
  }

  private static Cli predict(Path model, Path dir) {
    return Cli.run(
        "predict", "--model", model.toString(), "--adapter", "kws=" + dir, clip.toString());
  }

  private static Path copy(String name) throws IOException {
    return copyTo(tmp.resolve(CaseNames.fileName(name)));
  }

  private static Path copyTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(adapter)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  /** Edits a JSON file of the adapter directory. */
  interface JsonEdit {
    void apply(JsonObject o);
  }

  private static Edit json(String file, JsonEdit edit) {
    return dir -> {
      JsonObject o = JsonParser.parseString(Files.readString(dir.resolve(file))).getAsJsonObject();
      edit.apply(o);
      Files.writeString(dir.resolve(file), o.toString());
    };
  }

  /** Sets a spec field both where PEFT reads it and in sure4j's own copy. */
  private static Edit spec(String key, com.google.gson.JsonElement value) {
    return json(
        CONFIG,
        o -> {
          o.add(key, value);
          o.getAsJsonObject("sure4j").getAsJsonObject("spec").add(key, value);
        });
  }

  private static Edit tensors(Consumer<Map<String, Safetensors.Tensor>> edit) {
    return Edit.tensors(WEIGHTS, edit);
  }

  private static String firstLoraA(Map<String, Safetensors.Tensor> t) {
    return t.keySet().stream().filter(k -> k.contains("lora_A")).findFirst().orElseThrow();
  }

  static Stream<Arguments> brokenAdapters() {
    JsonArray unknownTarget = new JsonArray();
    unknownTarget.add("no_such_proj");
    return Stream.of(
        refusedCase(
            "missing adapter_config.json",
            dir -> Files.delete(dir.resolve(CONFIG)),
            CONFIG + ": no such file"),
        refusedCase(
            "adapter_config.json that is not JSON",
            dir -> Files.writeString(dir.resolve(CONFIG), "{\"peft_type\": "),
            CONFIG),
        refusedCase(
            "rank that does not match the weights",
            spec("r", new com.google.gson.JsonPrimitive(3)),
            WEIGHTS,
            "lora_A",
            "the model expects (3, 128)",
            "; ... and 28 more"),
        refusedCase(
            "absurd rank",
            spec("r", new com.google.gson.JsonPrimitive(100_000_000)),
            CONFIG,
            "field 'r' is 100000000, more than the limit of 8192"),
        refusedCase("unknown target module", spec("target_modules", unknownTarget), "no_such_proj"),
        refusedCase(
            "lora_alpha that is not a number",
            spec("lora_alpha", new com.google.gson.JsonPrimitive("sixteen")),
            CONFIG,
            "lora_alpha"),
        refusedCase(
            "unknown peft_type",
            json(
                CONFIG,
                o -> {
                  o.addProperty("peft_type", "IA4");
                  o.getAsJsonObject("sure4j").getAsJsonObject("spec").addProperty("method", "IA4");
                }),
            CONFIG,
            "IA4"),
        refusedCase(
            "missing adapter weights",
            dir -> Files.delete(dir.resolve(WEIGHTS)),
            WEIGHTS + ": no such file"),
        refusedCase(
            "truncated adapter weights",
            dir -> {
              byte[] b = Files.readAllBytes(dir.resolve(WEIGHTS));
              Files.write(dir.resolve(WEIGHTS), Arrays.copyOf(b, b.length - 100));
            },
            WEIGHTS,
            "truncated file"),
        refusedCase(
            "a missing LoRA tensor", tensors(t -> t.remove(firstLoraA(t))), WEIGHTS, "lora_A"),
        refusedCase(
            "an unexpected tensor",
            tensors(t -> t.put("base_model.model.encoder.extra.weight", t.get(firstLoraA(t)))),
            WEIGHTS,
            "encoder.extra.weight"),
        refusedCase(
            "NaN adapter weight",
            tensors(
                t -> {
                  String a = firstLoraA(t);
                  byte[] b = t.get(a).bytes().clone();
                  ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
                  t.put(a, new Safetensors.Tensor("F32", t.get(a).shape(), b));
                }),
            WEIGHTS,
            "lora_A",
            "NaN"),
        refusedCase("missing task.json", dir -> Files.delete(dir.resolve(TASK)), TASK),
        refusedCase(
            "task.json that is not JSON",
            dir -> Files.writeString(dir.resolve(TASK), "{\"type\": [}"),
            TASK),
        refusedCase(
            "task.json with an unknown type",
            json(TASK, o -> o.addProperty("type", "regression")),
            TASK,
            "unknown task type 'regression'"),
        refusedCase(
            "task.json without labels", json(TASK, o -> o.remove("labels")), TASK, "labels"),
        refusedCase(
            "task.json with one label fewer than the head",
            json(TASK, o -> o.getAsJsonArray("labels").get(0).getAsJsonArray().remove(0)),
            WEIGHTS,
            "head."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenAdapters")
  void refusesWithOneLine(String name, Edit edit, List<String> fragments) throws IOException {
    Path dir = copy(name);
    edit.apply(dir);
    Cli result = predict(Cli.MODEL, dir);
    result.assertRefused("predict", null, dir, fragments);
    assertEquals("", result.out(), "no prediction printed");
  }

  @Test
  void aMissingAdapterDirectoryIsNamed() {
    Path dir = tmp.resolve("no-such-adapter");
    Cli result = predict(Cli.MODEL, dir);
    result.assertRefused(
        "predict", null, dir, List.of("not an adapter directory (missing or not a directory)"));
  }

  @Test
  void anAdapterForAnotherWidthIsRefused() {
    // the encoder fixture of adapters-speech is 32 wide, the adapter was trained on 128
    Path other =
        SpeechFixtures.resource("dev", "sure4j", "speech", "encoder", "hubert_group_postln");
    Cli result = predict(other.toAbsolutePath().normalize(), adapter);
    result.assertRefused(
        "predict", null, List.of(adapter.toString(), "tensors do not match the adapter"));
  }

  @Test
  void evaluateWritesNothingForABrokenAdapter() throws IOException {
    Path dir = copy("evaluate broken");
    Files.delete(dir.resolve(WEIGHTS));
    Path out = tmp.resolve("eval.json");
    Cli.run(
            "evaluate",
            "--model",
            Cli.MODEL.toString(),
            "--adapter",
            dir.toString(),
            "--data",
            tmp.resolve("kws").toString(),
            "--out",
            out.toString())
        .assertRefused("evaluate", out, List.of(dir.resolve(WEIGHTS).toString()));
  }

  @Test
  void extraFilesInTheAdapterDirectoryAreIgnored() throws IOException {
    Path dir = copy("extra files");
    Files.writeString(dir.resolve("README.md"), "# notes\n");
    Files.createDirectories(dir.resolve("checkpoints"));
    assertEquals(prediction, predict(Cli.MODEL, dir).assertWorked("extra files").out());
  }

  /**
   * The library entry point: every broken copy, loaded into one session that already holds the good
   * adapter, fails and leaves the session's adapters and every weight as they were.
   */
  @Test
  void aFailedLoadLeavesTheSessionUnchanged() throws IOException {
    try (SpeechSession session = SpeechSession.open(Cli.MODEL)) {
      session.load("good", adapter);
      String before = session.predict("good", clip);
      Map<String, float[]> weights = new LinkedHashMap<>();
      StateDict.of(session.model(), "")
          .forEach((k, p) -> weights.put(k, p.getArray().toFloatArray()));
      List<Arguments> cases = brokenAdapters().toList();
      for (Arguments a : cases) {
        String name = (String) a.get()[0];
        Path dir = copyTo(tmp.resolve("session-" + CaseNames.fileName(name)));
        ((Edit) a.get()[1]).apply(dir);
        assertThrows(Exception.class, () -> session.load("broken", dir), name);
        assertEquals(List.of("good"), List.copyOf(session.adapters().keySet()), name);
      }
      Map<String, float[]> after = new LinkedHashMap<>();
      StateDict.of(session.model(), "")
          .forEach((k, p) -> after.put(k, p.getArray().toFloatArray()));
      assertEquals(weights.keySet(), after.keySet());
      weights.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
      assertEquals(before, session.predict("good", clip));
    }
  }
}
