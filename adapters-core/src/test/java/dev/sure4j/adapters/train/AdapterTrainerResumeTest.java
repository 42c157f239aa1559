package dev.sure4j.adapters.train;

import static dev.sure4j.adapters.train.TrainFixture.lora;
import static dev.sure4j.adapters.train.TrainFixture.maxDiff;
import static dev.sure4j.adapters.train.TrainFixture.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import dev.sure4j.adapters.train.TestLosses.Crashing;
import dev.sure4j.adapters.train.TrainFixture.Scripted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints and resume: crashes, corrupt and failing checkpoint files, exact resume, adapter
 * files.
 */
class AdapterTrainerResumeTest extends TrainerTestBase {

  @Test
  void aResumeFromACorruptOptimizerStateLeavesTheModelAsItWas() throws Exception {
    TrainingConfig c =
        TrainingConfig.builder().optGradientAccumulationSteps(1).optMaxSteps(3).build();
    Dataset train = TrainFixture.data(root, 6, 2, false, 5);
    AdapterModel m = TrainFixture.model(root, 21, lora(0));
    trainer(m, train, c, dir).build().fit();
    Path optimizer = dir.resolve("last").resolve(AdapterTrainer.OPTIMIZER_FILE);
    assertTrue(Files.isRegularFile(optimizer));
    Files.write(optimizer, new byte[] {1, 2, 3});

    AdapterModel fresh = TrainFixture.model(root, 21, lora(0));
    Map<String, float[]> before = TinyModels.snapshot(fresh);
    assertThrows(
        IOException.class,
        () ->
            trainer(fresh, train, c.toBuilder().optMaxSteps(6).build(), dir)
                .optResumeFrom(dir.resolve("last"))
                .build()
                .fit());
    assertEquals(
        0f, maxDiff(before, TinyModels.snapshot(fresh)), "a failed resume changed weights");
  }

  @Test
  void aCrashLeavesTheBestCheckpointAndResumeContinuesAtTheNextStep() throws Exception {
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(0.02)
            .optGradientAccumulationSteps(1)
            .optEvalEverySteps(2)
            .optMaxSteps(12)
            .optLogEverySteps(1)
            .optMetric("accuracy", true)
            .optPatience(0)
            .build();
    Dataset train = TrainFixture.data(root, 10, 2, true, 5);
    Dataset eval = TrainFixture.data(root, 6, 3, false, 6);
    AdapterModel m = TrainFixture.model(root, 13, lora(0.1));
    IllegalStateException crash =
        assertThrows(
            IllegalStateException.class,
            () ->
                trainer(m, train, c, dir)
                    .setLoss(new Crashing(7))
                    .optEvalData(eval)
                    .optEvaluator(new TrainFixture.Accuracy())
                    .build()
                    .fit());
    assertTrue(crash.getMessage().contains("simulated crash"));
    TrainingState best = TrainingState.read(dir.resolve("best"));
    TrainingState last = TrainingState.read(dir.resolve("last"));
    assertEquals(6, last.step, "last checkpoint at the evaluation before the crash");
    assertTrue(best.bestStep >= 2 && best.bestStep <= 6);
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "temp dir left");
    }
    AdapterModel loaded = TrainFixture.model(root, 13, lora(0.1));
    new ParameterCheckpoints().read(loaded, TrainFixture.ADAPTER, dir.resolve("best"));

    AdapterModel resumed = TrainFixture.model(root, 13, lora(0.1));
    List<Long> steps = new ArrayList<>();
    long[] counter = {last.step};
    TrainingResult r =
        trainer(resumed, train, c, dir)
            .optEvalData(eval)
            .optEvaluator(new TrainFixture.Accuracy())
            .optResumeFrom(dir.resolve("last"))
            .optAfterStep(t -> steps.add(++counter[0]))
            .build()
            .fit();
    assertEquals(List.of(7L, 8L, 9L, 10L, 11L, 12L), steps);
    assertEquals(12, r.steps());
    List<Long> logged =
        r.history().stream().filter(h -> !h.isEvaluation()).map(LogRow::step).toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), logged);
    assertEquals(12, TrainingState.read(dir.resolve("last")).step);
    assertEquals(2, TrainingState.read(dir.resolve("last")).epoch, "12 steps of 5 batches");
  }

  @Test
  void resumingAfterACrashGivesTheWeightsOfAnUninterruptedRun() throws Exception {
    // warm-up + linear decay, weight decay, clipping and LoRA dropout: everything a resume must
    // restore (schedule position, AdamW moments and step counts, RNG draws) shows in the weights.
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(0.02)
            .optWarmupRatio(0.2)
            .optWeightDecay(0.01)
            .optMaxGradNorm(1.0)
            .optEvalEverySteps(3)
            .optMaxSteps(12)
            .optLogEverySteps(1)
            .optSeed(3)
            .build();
    Dataset train = TrainFixture.data(root, 10, 2, true, 5);
    AdapterModel straight = TrainFixture.model(root, 13, lora(0.1));
    trainer(straight, train, c, dir.resolve("straight")).build().fit();

    AdapterModel crashed = TrainFixture.model(root, 13, lora(0.1));
    Path out = dir.resolve("crashed");
    assertThrows(
        IllegalStateException.class,
        () -> trainer(crashed, train, c, out).setLoss(new Crashing(8)).build().fit());
    // 10 utterances in batches of 2 = 5 batches per epoch; default accumulation 4 gives steps of
    // 4 + 1 batches, so 2 steps per epoch. Batch 8 (epoch 1, third batch) crashes: the last
    // checkpoint is the end of epoch 0, step 2, and the resume
    // starts from there with the saved moments.
    assertEquals(2, TrainingState.read(out.resolve("last")).step);
    assertTrue(Files.isRegularFile(out.resolve("last").resolve(AdapterTrainer.OPTIMIZER_FILE)));
    AdapterModel resumed = TrainFixture.model(root, 13, lora(0.1));
    trainer(resumed, train, c, out).optResumeFrom(out.resolve("last")).build().fit();

    float diff = maxDiff(TinyModels.snapshot(straight), TinyModels.snapshot(resumed));
    System.out.printf("12 steps vs 2 steps + crash + resume to 12: max |diff| = %.3e%n", diff);
    assertEquals(0f, diff, "a resumed run must compute the same numbers");
  }

  @Test
  void aFailingCheckpointWriteKeepsThePreviousBest() throws Exception {
    ParameterCheckpoints files = new ParameterCheckpoints();
    int[] writes = {0};
    CheckpointWriter flaky =
        (model, name, d) -> {
          files.write(model, name, d);
          if (++writes[0] == 3) {
            throw new IOException("disk full (simulated)");
          }
        };
    TrainingConfig c =
        TrainingConfig.builder()
            .optGradientAccumulationSteps(1)
            .optEvalEverySteps(1)
            .optMetric("score", true)
            .optMaxSteps(4)
            .build();
    AdapterModel m = TrainFixture.model(root, 17, lora(0));
    assertThrows(
        IOException.class,
        () ->
            trainer(m, TrainFixture.data(root, 8, 2, false, 7), c, dir)
                .optEvalData(TrainFixture.data(root, 3, 3, false, 8))
                .optEvaluator(new Scripted(0.1, 0.2, 0.3, 0.4))
                .optCheckpoints(flaky, files)
                .build()
                .fit());
    // writes: best@1, last@1, best@2 (fails)
    assertEquals(1, TrainingState.read(dir.resolve("best")).bestStep);
    new ParameterCheckpoints()
        .read(TrainFixture.model(root, 17, lora(0)), TrainFixture.ADAPTER, dir.resolve("best"));
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "temp dir left");
    }
  }

  @Test
  void adapterFileCheckpointsShipTheBestAdapterAndResumeFromIt() throws Exception {
    AdapterModel m = TrainFixture.model(root, 17, lora(0));
    AdapterFileCheckpoints files =
        new AdapterFileCheckpoints(
            Provenance.builder().setBaseModel("test/tiny").optSeed(17).build());
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(0.01)
            .optGradientAccumulationSteps(1)
            .optMaxSteps(4)
            .optEvalEverySteps(2)
            .optPatience(0)
            .build();
    TrainingResult r =
        TrainFixture.evaluatedTrainer(root, m, c, dir).optCheckpoints(files, files).build().fit();
    Path best = r.bestCheckpoint().orElseThrow();
    Path adapterDir = best.resolve(AdapterFileCheckpoints.ADAPTER_DIR);
    assertTrue(Files.isRegularFile(adapterDir.resolve("adapter_config.json")));

    // the best checkpoint is a shippable adapter directory: it loads into a fresh model with a head
    AdapterModel shipped = AdapterModel.wrap(TinyModels.encoder(root, TrainFixture.D, 2, 1, false));
    AdapterFiles.load(
        shipped, adapterDir, "loaded", TinyModels.head(root, TrainFixture.D, TrainFixture.CLASSES));
    // and reading it back into the trained model's own adapter restores exactly those values
    AdapterModel resumed = TrainFixture.model(root, 17, lora(0));
    files.read(resumed, TrainFixture.ADAPTER, best);
    Map<String, float[]> fromFile = new TreeMap<>();
    shipped
        .adapter("loaded")
        .tensors()
        .forEach((k, p) -> fromFile.put(k, p.getArray().toFloatArray()));
    Map<String, float[]> restored = new TreeMap<>();
    resumed
        .adapter(TrainFixture.ADAPTER)
        .tensors()
        .forEach((k, p) -> restored.put(k, p.getArray().toFloatArray()));
    assertEquals(fromFile.keySet(), restored.keySet());
    assertEquals(0f, maxDiff(fromFile, restored));
    Map<String, float[]> initial = new TreeMap<>();
    TrainFixture.model(root, 17, lora(0))
        .adapter(TrainFixture.ADAPTER)
        .tensors()
        .forEach((k, p) -> initial.put(k, p.getArray().toFloatArray()));
    assertTrue(maxDiff(initial, restored) > 0, "the checkpoint holds trained values");

    // a checkpoint of another adapter's shape is refused, naming the file and tensor
    AdapterModel other = TrainFixture.model(root, 17, LoraSpec.builder().optRank(3).build());
    IOException e =
        assertThrows(IOException.class, () -> files.read(other, TrainFixture.ADAPTER, best));
    assertTrue(e.getMessage().contains("lora_A.weight"), e.getMessage());
  }
}
