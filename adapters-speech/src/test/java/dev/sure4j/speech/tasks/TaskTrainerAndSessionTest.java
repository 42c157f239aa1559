package dev.sure4j.speech.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains tiny task runs on the bundled backbone and mini corpus, then serves their adapters from
 * one {@link SpeechSession}.
 */
class TaskTrainerAndSessionTest {

  private static final Path MODEL = Path.of("..", "models", "mini-hubert");
  private static final Path MINI = Path.of("..", "data", "mini");

  @TempDir static Path tmp;
  private static TaskData kws;
  private static TaskData emotion;
  private static TaskRun kwsLora;
  private static TaskRun emotionBottleneck;

  private static TaskRun train(
      String name, TaskData data, TaskType type, AdapterSpec spec, Path out) throws Exception {
    return train(name, data, type, spec, out, false);
  }

  private static TaskRun train(
      String name, TaskData data, TaskType type, AdapterSpec spec, Path out, boolean overwrite)
      throws Exception {
    TaskData full = TaskData.fromManifests(MINI.resolve(name));
    return TaskTrainer.builder()
        .setCheckpoint(MODEL)
        .setMethod(spec)
        .setTask(SpeechTask.fromTrainingData(name, type, full.train()))
        .setData(data)
        .setOutputDir(out)
        .optConfig(
            TrainingConfig.builder()
                .optMaxSteps(6)
                .optGradientAccumulationSteps(1)
                .optLearningRate(5e-3)
                .optSeed(3)
                .optBatchSize(8)
                .build())
        .optOverwrite(overwrite)
        .build()
        .run();
  }

  @BeforeAll
  static void trainTwoAdapters() throws Exception {
    kws = MiniData.small("kws", 4, 2, 2);
    emotion = MiniData.small("emotion", 4, 2, 2);
    kwsLora =
        train("kws", kws, TaskType.CLASSIFICATION, LoraSpec.builder().build(), tmp.resolve("kws"));
    emotionBottleneck =
        train(
            "emotion",
            emotion,
            TaskType.CLASSIFICATION,
            BottleneckSpec.builder().build(),
            tmp.resolve("emotion"));
  }

  @Test
  void aRunWritesTheAdapterTaskFileAndTestMetrics() throws Exception {
    Path out = tmp.resolve("kws");
    for (String f : List.of("adapter_config.json", "adapter_model.safetensors", "task.json")) {
      assertTrue(Files.isRegularFile(out.resolve("adapter").resolve(f)), "missing adapter/" + f);
    }
    assertTrue(Files.isDirectory(out.resolve("training").resolve("last")));
    JsonObject metrics =
        JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
    assertEquals("kws", metrics.get("task").getAsString());
    assertEquals("LORA", metrics.get("method").getAsString());
    assertEquals(kwsLora.score(), metrics.get("score").getAsDouble(), 0);
    assertEquals(kwsLora.score(), metrics.getAsJsonObject("test").get("accuracy").getAsDouble(), 0);
    assertEquals(kwsLora.trainableParams(), metrics.get("trainable_params").getAsLong());
    assertTrue(kwsLora.trainableParams() < kwsLora.totalParams() / 5, "LoRA trains a small part");
    System.out.printf(
        "kws LoRA (6 steps): test accuracy %.3f; emotion bottleneck: %.3f%n",
        kwsLora.score(), emotionBottleneck.score());
  }

  @Test
  void theSameSeedGivesTheSameAdapterAndScores() throws Exception {
    TaskRun again =
        train(
            "emotion",
            emotion,
            TaskType.CLASSIFICATION,
            BottleneckSpec.builder().build(),
            tmp.resolve("emotion-again"));
    assertEquals(emotionBottleneck.testMetrics(), again.testMetrics());
    assertEquals(emotionBottleneck.validationMetric(), again.validationMetric());
    assertTrue(
        Arrays.equals(
            Files.readAllBytes(emotionBottleneck.adapterDir().resolve("adapter_model.safetensors")),
            Files.readAllBytes(again.adapterDir().resolve("adapter_model.safetensors"))),
        "the same seed trains the same adapter, bit for bit");
  }

  @Test
  void aSecondRunRefusesAnOutputDirectoryThatHoldsOne() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                train(
                    "kws",
                    kws,
                    TaskType.CLASSIFICATION,
                    LoraSpec.builder().build(),
                    tmp.resolve("kws")));
    assertTrue(e.getMessage().contains("already holds a training run"), e.getMessage());
  }

  @Test
  void overwriteStartsAfreshWhereAPlainRunIsRefused() throws Exception {
    Path out = tmp.resolve("emotion-overwrite");
    AdapterSpec spec = BottleneckSpec.builder().build();
    train("emotion", emotion, TaskType.CLASSIFICATION, spec, out);
    assertThrows(
        IllegalStateException.class,
        () -> train("emotion", emotion, TaskType.CLASSIFICATION, spec, out));
    TaskRun again = train("emotion", emotion, TaskType.CLASSIFICATION, spec, out, true);
    assertEquals(emotionBottleneck.testMetrics(), again.testMetrics(), "a fresh run, same seed");
  }

  private static double accuracy(SpeechSession s, String adapter, List<ManifestEntry> test)
      throws Exception {
    List<Path> files = test.stream().map(ManifestEntry::audio).toList();
    List<String> predicted = s.predict(adapter, files);
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      right += predicted.get(i).equals(test.get(i).get("label")) ? 1 : 0;
    }
    return (double) right / test.size();
  }

  @Test
  void oneSessionServesBothAdaptersAndReproducesTheirTestScores() throws Exception {
    try (SpeechSession s = SpeechSession.open(MODEL)) {
      s.load("kws", kwsLora.adapterDir());
      s.load("emotion", emotionBottleneck.adapterDir());
      double k1 = accuracy(s, "kws", kws.test());
      double e1 = accuracy(s, "emotion", emotion.test());
      System.out.printf(
          "session: kws %.3f (run %.3f), emotion %.3f (run %.3f)%n",
          k1, kwsLora.score(), e1, emotionBottleneck.score());
      assertEquals(kwsLora.score(), k1, 1e-12, "kws through the session");
      assertEquals(emotionBottleneck.score(), e1, 1e-12, "emotion through the session");

      List<Path> clips = kws.test().stream().map(ManifestEntry::audio).limit(8).toList();
      List<String> unmerged = s.predict("kws", clips);
      s.merge("kws");
      assertEquals(unmerged, s.predict("kws", clips), "merged LoRA predicts as unmerged");
      assertEquals(e1, accuracy(s, "emotion", emotion.test()), 1e-12, "unmerged for emotion");
      assertEquals(unmerged, s.predict("kws", clips), "merged again");

      IllegalArgumentException wrong =
          assertThrows(IllegalArgumentException.class, () -> s.predict("asr", clips));
      assertTrue(wrong.getMessage().contains("[kws, emotion]"), wrong.getMessage());
      IllegalArgumentException notLora =
          assertThrows(IllegalArgumentException.class, () -> s.merge("emotion"));
      assertTrue(notLora.getMessage().contains("BOTTLENECK"), notLora.getMessage());
    }
  }

  @Test
  void aFullFineTuningAdapterNeedsASessionOfItsOwn() throws Exception {
    TaskRun full =
        train(
            "emotion",
            emotion,
            TaskType.CLASSIFICATION,
            FullFineTuneSpec.all(),
            tmp.resolve("emotion-full"));
    try (SpeechSession s = SpeechSession.open(MODEL)) {
      s.load("kws", kwsLora.adapterDir());
      List<Path> clips = kws.test().stream().map(ManifestEntry::audio).limit(8).toList();
      List<String> before = s.predict("kws", clips);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> s.load("full", full.adapterDir()));
      assertTrue(e.getMessage().contains("session of its own"), e.getMessage());
      assertEquals(List.of("kws"), List.copyOf(s.adapters().keySet()));
      assertEquals(before, s.predict("kws", clips), "a refused load changes nothing");
    }
    try (SpeechSession s = SpeechSession.open(MODEL)) {
      s.load("emotion", full.adapterDir());
      assertEquals(full.score(), accuracy(s, "emotion", emotion.test()), 1e-12);
    }
  }
}
