package dev.sure4j.adapters.train;

import static dev.sure4j.adapters.train.TrainFixture.lora;
import static dev.sure4j.adapters.train.TrainFixture.maxDiff;
import static dev.sure4j.adapters.train.TrainFixture.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import dev.sure4j.adapters.train.TestLosses.NaNOnCalls;
import dev.sure4j.adapters.train.TrainFixture.Scripted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The training loop: accumulation, determinism, non-finite updates, early stopping, memory. */
class AdapterTrainerTest extends TrainerTestBase {

  @Test
  void accumulatingMicroBatchesEqualsOneLargeBatch() throws Exception {
    // epsilon 1 makes the AdamW update depend on the gradient's scale, so a missing 1/k shows
    TrainingConfigBuilder c =
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
    TrainingConfigBuilder c =
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
        TrainFixture.evaluatedTrainer(root, m, c, dir)
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
}
