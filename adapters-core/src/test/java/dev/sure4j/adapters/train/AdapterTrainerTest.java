package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.AdapterModel;
import dev.sure4j.adapters.LoraSpec;
import dev.sure4j.adapters.io.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: accumulation, determinism, early stopping, crashes, resume, memory. */
class AdapterTrainerTest {

  @TempDir Path dir;

  private NDManager root;

  @BeforeEach
  void open() {
    root = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    root.close();
  }

  private static LoraSpec lora(double dropout) {
    return LoraSpec.builder().optRank(2).optAlpha(4).optDropout(dropout).build();
  }

  private AdapterTrainer.Builder trainer(
      AdapterModel m, Dataset train, TrainingConfig c, Path out) {
    return AdapterTrainer.builder()
        .setModel(m)
        .setAdapter(TrainFixture.ADAPTER)
        .setLoss(Loss.softmaxCrossEntropyLoss())
        .setTrainData(train)
        .setConfig(c)
        .setOutputDir(out);
  }

  private static float maxDiff(Map<String, float[]> a, Map<String, float[]> b) {
    float max = 0;
    for (String k : a.keySet()) {
      float[] x = a.get(k);
      float[] y = b.get(k);
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  @Test
  void accumulatingMicroBatchesEqualsOneLargeBatch() throws Exception {
    // epsilon 1 makes the AdamW update depend on the gradient's scale, so a missing 1/k shows
    TrainingConfig.Builder c =
        TrainingConfig.builder()
            .optLearningRate(0.2)
            .optWarmupRatio(0)
            .optSchedule(LrSchedule.Kind.CONSTANT)
            .optAdamEpsilon(1.0)
            .optEpochs(1)
            .optPatience(0);
    AdapterModel large = TrainFixture.model(root, 3, lora(0));
    Map<String, float[]> init = TinyModels.snapshot(large);
    trainer(
            large,
            TrainFixture.data(root, 16, 8, false, 1),
            c.optGradientAccumulationSteps(1).build(),
            dir.resolve("large"))
        .build()
        .fit();
    AdapterModel micro = TrainFixture.model(root, 3, lora(0));
    assertEquals(0f, maxDiff(init, TinyModels.snapshot(micro)), "same seed, same init");
    TrainingResult r =
        trainer(
                micro,
                TrainFixture.data(root, 16, 2, false, 1),
                c.optGradientAccumulationSteps(4).build(),
                dir.resolve("micro"))
            .build()
            .fit();
    assertEquals(2, r.steps(), "16 samples, 2 per micro-batch, 4 per step");
    float moved = maxDiff(init, TinyModels.snapshot(large));
    float diff = maxDiff(TinyModels.snapshot(large), TinyModels.snapshot(micro));
    System.out.printf(
        "accumulation 4x2 vs batch 8 after 2 steps: max abs diff %.3g (update size %.3g)%n",
        diff, moved);
    assertTrue(moved > 1e-3, "the steps changed the parameters");
    assertTrue(diff <= 1e-5, "accumulated update differs by " + diff);
  }

  @Test
  void theSameSeedGivesTheSameNumbers() throws Exception {
    TrainingConfig.Builder c =
        TrainingConfig.builder()
            .optLearningRate(0.01)
            .optEpochs(3)
            .optGradientAccumulationSteps(2)
            .optLogEverySteps(1)
            .optMaxGradNorm(1.0);
    List<List<Double>> losses = new ArrayList<>();
    List<Map<String, float[]>> weights = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      AdapterModel m = TrainFixture.model(root, 5, lora(0.2));
      TrainingResult r =
          trainer(
                  m,
                  TrainFixture.data(root, 12, 2, true, 2),
                  c.optSeed(run < 2 ? 7 : 8).build(),
                  dir.resolve("run" + run))
              .optEvalData(TrainFixture.data(root, 6, 3, false, 9))
              .build()
              .fit();
      losses.add(r.history().stream().filter(h -> !h.isEvaluation()).map(LogRow::loss).toList());
      weights.add(TinyModels.snapshot(m));
    }
    System.out.println("losses, seed 7: " + losses.get(0));
    assertEquals(9, losses.get(0).size());
    assertEquals(losses.get(0), losses.get(1), "same seed, different losses");
    assertEquals(0f, maxDiff(weights.get(0), weights.get(1)));
    assertNotEquals(losses.get(0), losses.get(2), "another seed must shuffle and drop differently");
  }

  /** An evaluator replaying a fixed metric sequence. */
  private static final class Scripted implements Evaluator {
    private final double[] values;
    private int calls;

    Scripted(double... values) {
      this.values = values;
    }

    @Override
    public void reset() {}

    @Override
    public void update(NDList predictions, NDList labels) {}

    @Override
    public Map<String, Double> metrics() {
      return Map.of("score", values[calls++]);
    }
  }

  /** Cross-entropy that returns NaN on chosen calls (1-based), to simulate a bad batch. */
  private static final class NaNOnCalls extends Loss {
    private final Loss inner = Loss.softmaxCrossEntropyLoss();
    private final Set<Integer> bad;
    private int calls;

    NaNOnCalls(Set<Integer> bad) {
      super("NaNOnCalls");
      this.bad = bad;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      NDArray l = inner.evaluate(labels, predictions);
      return bad.contains(++calls) ? l.mul(Float.NaN) : l;
    }
  }

  @Test
  void aNonFiniteUpdateIsSkippedCountedAndLeavesTheWeightsAlone() throws Exception {
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(0.01)
            .optGradientAccumulationSteps(1)
            .optMaxSteps(4)
            .optMaxGradNorm(1)
            .build();
    AdapterModel m = TrainFixture.model(root, 17, lora(0));
    List<Map<String, float[]>> afterStep = new ArrayList<>();
    afterStep.add(TinyModels.snapshot(m));
    TrainingResult r =
        trainer(m, TrainFixture.data(root, 12, 2, false, 3), c, dir)
            .setLoss(new NaNOnCalls(Set.of(3)))
            .optAfterStep(t -> afterStep.add(TinyModels.snapshot(m)))
            .build()
            .fit();
    assertEquals(1, r.skippedSteps());
    assertEquals(4, r.steps(), "four good updates, the bad batch not counted");
    assertEquals(5, afterStep.size());
    for (Map<String, float[]> snapshot : afterStep) {
      for (float[] values : snapshot.values()) {
        for (float v : values) {
          assertTrue(Float.isFinite(v), "a NaN reached the weights");
        }
      }
    }
    assertTrue(maxDiff(afterStep.get(2), afterStep.get(3)) > 0, "the step after the skip trains");
  }

  @Test
  void tooManyNonFiniteUpdatesInARowEndTheRun() throws Exception {
    TrainingConfig c =
        TrainingConfig.builder().optGradientAccumulationSteps(1).optMaxSteps(20).build();
    Set<Integer> all = new HashSet<>();
    for (int i = 2; i <= 40; i++) {
      all.add(i);
    }
    AdapterModel m = TrainFixture.model(root, 19, lora(0));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                trainer(m, TrainFixture.data(root, 12, 2, false, 3), c, dir)
                    .setLoss(new NaNOnCalls(all))
                    .build()
                    .fit());
    assertTrue(e.getMessage().contains("in a row were not finite"), e.getMessage());
  }

  @Test
  void earlyStoppingStopsAtPatienceAndKeepsTheBestCheckpoint() throws Exception {
    AdapterModel m = TrainFixture.model(root, 11, lora(0));
    List<Map<String, float[]>> afterStep = new ArrayList<>();
    afterStep.add(TinyModels.snapshot(m));
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(0.01)
            .optGradientAccumulationSteps(1)
            .optEvalEverySteps(1)
            .optMetric("score", true)
            .optPatience(3)
            .optEpochs(5)
            .build();
    TrainingResult r =
        trainer(m, TrainFixture.data(root, 8, 2, false, 3), c, dir)
            .optEvalData(TrainFixture.data(root, 3, 3, false, 4))
            .optEvaluator(new Scripted(0.5, 0.7, 0.6, 0.6, 0.65, 0.9, 0.95))
            .optAfterStep(t -> afterStep.add(TinyModels.snapshot(m)))
            .build()
            .fit();
    assertTrue(r.stoppedEarly());
    assertEquals(5, r.steps(), "best at step 2, then 3 evaluations without improvement");
    assertEquals(2, r.bestStep());
    assertEquals(0.7, r.bestMetric());
    assertEquals(0.65, r.finalMetrics().get("score"));
    assertEquals(r.bestCheckpoint().orElseThrow(), dir.resolve("best"));
    AdapterModel fresh = TrainFixture.model(root, 11, lora(0));
    new ParameterCheckpoints().read(fresh, TrainFixture.ADAPTER, dir.resolve("best"));
    assertEquals(0f, maxDiff(afterStep.get(2), TinyModels.snapshot(fresh)), "best = step 2");
    assertTrue(maxDiff(afterStep.get(5), afterStep.get(2)) > 0);
    assertEquals(2, TrainingState.read(dir.resolve("best")).bestStep);
    assertEquals(5, TrainingState.read(dir.resolve("last")).step);
  }

  /** A loss that throws at its {@code n}-th call on a training batch (batch size 2). */
  private static final class Crashing extends Loss {
    private final Loss inner = Loss.softmaxCrossEntropyLoss();
    private final int crashAt;
    private int trainCalls;

    Crashing(int crashAt) {
      super("crashing");
      this.crashAt = crashAt;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      if (labels.head().getShape().get(0) == 2 && ++trainCalls == crashAt) {
        throw new IllegalStateException("simulated crash at training batch " + crashAt);
      }
      return inner.evaluate(labels, predictions);
    }
  }

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
  void liveArrayCountStaysFlatOver200Steps() throws Exception {
    AdapterModel m = TrainFixture.model(root, 19, lora(0.1));
    long[] live = new long[2];
    long[] step = {0};
    TrainingConfig c =
        TrainingConfig.builder()
            .optGradientAccumulationSteps(1)
            .optMaxSteps(200)
            .optEvalEverySteps(50)
            .optMaxGradNorm(1)
            .optLogEverySteps(50)
            .build();
    trainer(m, TrainFixture.data(root, 16, 2, true, 9), c, dir)
        .optEvalData(TrainFixture.data(root, 6, 3, false, 10))
        .optEvaluator(new TrainFixture.Accuracy())
        .optAfterStep(
            t -> {
              step[0]++;
              long n =
                  root.getManagedArrays().size()
                      + t.getManager().getManagedArrays().size()
                      + t.getModel().getNDManager().getManagedArrays().size();
              if (step[0] == 10) {
                live[0] = n;
              } else if (step[0] == 200) {
                live[1] = n;
              }
            })
        .build()
        .fit();
    System.out.printf("live NDArrays at step 10: %d, at step 200: %d%n", live[0], live[1]);
    assertEquals(live[0], live[1], "live NDArrays grew during training");
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
        trainer(m, TrainFixture.data(root, 8, 2, false, 3), c, dir)
            .optEvalData(TrainFixture.data(root, 3, 3, false, 4))
            .optCheckpoints(files, files)
            .build()
            .fit();
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
