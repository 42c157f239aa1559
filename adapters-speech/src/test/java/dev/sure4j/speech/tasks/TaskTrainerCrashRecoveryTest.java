package dev.sure4j.speech.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task run killed while it replaced its checkpoints resumes from the copies kept aside. The kill
 * is reproduced on disk: {@code training/last} and {@code training/best} are renamed to their
 * {@link AtomicFiles#previous} names, as the first of the two renames of a replacement leaves them,
 * and a half-written temporary checkpoint directory is left beside them. ProcessKillResumeTest (in
 * examples) kills real processes.
 */
class TaskTrainerCrashRecoveryTest {

  private static final Path MODEL = Path.of("..", "models", "mini-hubert");
  private static final Path KWS = Path.of("..", "data", "mini", "kws");

  @TempDir Path tmp;

  private static TaskRun run(Path out, boolean resume) throws Exception {
    TaskData d = TaskData.fromManifests(KWS);
    return TaskTrainer.builder()
        .setCheckpoint(MODEL)
        .setMethod(LoraSpec.builder().build())
        .setTask(SpeechTask.fromTrainingData("kws", TaskType.CLASSIFICATION, d.train()))
        .setData(MiniData.every(d, 30, 11, 22))
        .setOutputDir(out)
        .optConfig(
            TrainingConfig.builder()
                .optMaxSteps(2)
                .optGradientAccumulationSteps(1)
                .optEvalEverySteps(1)
                .optSeed(5)
                .optBatchSize(4)
                .build())
        .optResume(resume)
        .build()
        .run();
  }

  @Test
  void resumesFromTheCheckpointsKeptAsideWhenKilledBetweenTheRenames() throws Exception {
    Path out = tmp.resolve("run");
    run(out, false);
    Path training = out.resolve(TaskTrainer.TRAINING_DIR);
    Path lastAside = AtomicFiles.previous(training.resolve("last"));
    Path bestAside = AtomicFiles.previous(training.resolve("best"));
    Files.move(training.resolve("last"), lastAside);
    Files.move(training.resolve("best"), bestAside);
    // a marker only a resumed run can report: the saved run time, raised by hand to 1000 s
    Path state = lastAside.resolve("trainer_state.json");
    JsonObject json = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
    json.addProperty("elapsedSeconds", 1000.0);
    Files.writeString(state, json.toString());
    Path leftover = training.resolve(".last.tmp-0badc0de");
    Files.createDirectories(leftover.resolve("adapter"));
    Files.writeString(leftover.resolve("adapter").resolve(AdapterFiles.TENSOR_FILE), "half");

    TaskRun resumed = run(out, true);

    assertTrue(
        resumed.trainSeconds() >= 1000,
        "expected a resume from .last.old, not a fresh start; run seconds: "
            + resumed.trainSeconds());
    assertEquals(2, resumed.steps());
    assertFalse(Files.exists(leftover), "the half-written checkpoint directory was deleted");
    // the adapter written at the end holds the best checkpoint's weights, read from .best.old
    Path best = bestAside.resolve("adapter").resolve(AdapterFiles.TENSOR_FILE);
    Path saved = out.resolve(TaskTrainer.ADAPTER_DIR).resolve(AdapterFiles.TENSOR_FILE);
    try (SafetensorsReader expected = SafetensorsReader.open(best);
        SafetensorsReader actual = SafetensorsReader.open(saved)) {
      assertEquals(expected.names(), actual.names());
      for (String name : expected.names()) {
        assertArrayEquals(expected.readFloats(name), actual.readFloats(name), name);
      }
    }
    try (SpeechSession session = SpeechSession.open(MODEL)) {
      session.load("kws", out.resolve(TaskTrainer.ADAPTER_DIR));
    }
  }
}
