package dev.sure4j.speech.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.BackboneSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SURE tasks on Whisper's encoder: trains LoRA on q/v of the tiny random Whisper with the
 * layer-weighted sum (emotion classification and intent), then reloads the adapters in a {@link
 * SpeechSession} and checks the backbone settings {@code task.json} records.
 */
class WhisperTaskTest {

  private static final Path WHISPER = Path.of("src", "test", "resources", "whisper", "tiny-random");
  private static final Path HUBERT = Path.of("..", "models", "mini-hubert");
  private static final Path MINI = Path.of("..", "data", "mini");
  private static final int BATCH = 8;

  @TempDir static Path tmp;
  private static TaskData emotion;
  private static TaskRun emotionRun;
  private static TaskRun intentRun;

  private static TaskRun train(String name, TaskType type, TaskData data) throws Exception {
    TaskData full = TaskData.fromManifests(MINI.resolve(name));
    return TaskTrainer.builder()
        .setCheckpoint(WHISPER)
        .setMethod(LoraSpec.builder().build())
        .setTask(SpeechTask.fromTrainingData(name, type, full.train()).withLayerWeightedSum(true))
        .setData(data)
        .setOutputDir(tmp.resolve(name))
        .optConfig(
            TrainingConfig.builder()
                .optMaxSteps(4)
                .optGradientAccumulationSteps(1)
                .optLearningRate(5e-3)
                .optSeed(5)
                .optBatchSize(BATCH)
                .build())
        .build()
        .run();
  }

  @BeforeAll
  static void trainOnWhisper() throws Exception {
    emotion = MiniData.small("emotion", 4, 4, 8);
    emotionRun = train("emotion", TaskType.CLASSIFICATION, emotion);
    intentRun = train("intent", TaskType.INTENT, MiniData.small("intent", 4, 4, 8));
  }

  @Test
  void trainingRecordsTheWhisperBackboneAndTrainsLoraOnly() throws Exception {
    Path adapter = emotionRun.adapterDir();
    JsonObject task =
        JsonParser.parseString(Files.readString(adapter.resolve("task.json"))).getAsJsonObject();
    JsonObject backbone = task.getAsJsonObject("backbone");
    assertEquals("whisper", backbone.get("kind").getAsString());
    assertEquals("slice", backbone.get("window").getAsString());
    assertTrue(task.get("layer_weighted_sum").getAsBoolean());
    String config = Files.readString(adapter.resolve("adapter_config.json"));
    assertTrue(config.contains("q_proj") && config.contains("v_proj"), config);
    assertTrue(emotionRun.trainableParams() < emotionRun.totalParams(), "the encoder is frozen");
    assertTrue(emotionRun.steps() > 0);
    System.out.printf(
        "whisper tiny-random, LoRA, 4 steps: emotion accuracy %.3f, intent %s %.3f%n",
        emotionRun.score(), intentRun.metric(), intentRun.score());
  }

  @Test
  void aSessionReloadsTheAdaptersWithTheSameScores() throws Exception {
    try (SpeechSession session = SpeechSession.open(WHISPER)) {
      session.load("emotion", emotionRun.adapterDir());
      session.load("intent", intentRun.adapterDir());
      Map<String, Double> again = session.evaluate("emotion", emotion.test(), BATCH);
      assertEquals(emotionRun.testMetrics(), again);
      Path wav = MINI.resolve("emotion").resolve(emotion.test().get(0).audio());
      String first = session.predict("emotion", wav);
      assertEquals(first, session.predict("emotion", wav));
      assertTrue(session.predict("intent", wav).contains(" / "));
    }
  }

  @Test
  void anAdapterLoadsOnlyOnTheBackboneItWasTrainedOn() throws Exception {
    try (SpeechSession hubert = SpeechSession.open(HUBERT)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> hubert.load("emotion", emotionRun.adapterDir()));
      assertTrue(e.getMessage().contains("task.json"), e.getMessage());
      assertTrue(e.getMessage().contains("whisper"), e.getMessage());
      assertTrue(hubert.adapters().isEmpty());
    }
  }

  @Test
  void theWindowFollowsTheFirstAdapterAndLaterOnesMustAgree() throws Exception {
    Path padded = copyWithWindow(emotionRun.adapterDir(), tmp.resolve("padded"), "pad");
    assertEquals(
        new BackboneSettings(BackboneKind.WHISPER, Map.of("window", "pad")),
        TaskFiles.backbone(padded));
    try (SpeechSession session = SpeechSession.open(WHISPER)) {
      session.load("sliced", emotionRun.adapterDir());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> session.load("padded", padded));
      assertTrue(e.getMessage().contains("window=pad"), e.getMessage());
    }
    Path wav = MINI.resolve("emotion").resolve(emotion.test().get(0).audio());
    try (SpeechSession session = SpeechSession.open(WHISPER)) {
      session.load("padded", padded);
      assertNotEquals(null, session.predict("padded", wav));
    }
  }

  @Test
  void anUnknownWindowIsRefusedNamingTheFile() throws Exception {
    Path bad = copyWithWindow(emotionRun.adapterDir(), tmp.resolve("crop"), "crop");
    try (SpeechSession session = SpeechSession.open(WHISPER)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> session.load("bad", bad));
      assertTrue(e.getMessage().contains(bad.resolve("task.json").toString()), e.getMessage());
      assertTrue(e.getMessage().contains("'crop'"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  @Test
  void taskFilesWithoutABackboneAreHubertAndAnUnknownKindIsRefused() throws Exception {
    Path old = tmp.resolve("old");
    TaskFiles.save(SpeechTask.classification("kws", List.of("no", "yes")), old);
    assertEquals(BackboneSettings.of(BackboneKind.HUBERT), TaskFiles.backbone(old));
    Path odd = tmp.resolve("odd");
    Files.createDirectories(odd);
    Files.writeString(
        odd.resolve("task.json"), "{\"name\": \"kws\", \"backbone\": {\"kind\": \"conformer\"}}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskFiles.backbone(odd));
    assertTrue(e.getMessage().contains(odd.resolve("task.json").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'backbone.kind'"), e.getMessage());
    assertTrue(e.getMessage().contains("conformer"), e.getMessage());
  }

  private static Path copyWithWindow(Path from, Path to, String window) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    Path task = to.resolve("task.json");
    Files.writeString(
        task,
        Files.readString(task).replace("\"window\": \"slice\"", "\"window\": \"" + window + "\""));
    return to;
  }
}
