package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.train.TestLosses.NaNOnCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine on a plain DJL block, driven by {@link TrainingEngine#run}. */
class TrainingEngineTest extends TrainerTestBase {

  private static final float LR = 0.01f;

  private Linear linear;

  @BeforeEach
  void createLinear() {
    Engine.getInstance().setRandomSeed(3);
    linear = Linear.builder().setUnits(3).build();
    linear.initialize(root, DataType.FLOAT32, new Shape(4, 5));
  }

  private TrainingEngineBuilder engine(Loss loss) {
    return TrainingEngine.builder()
        .setBlock(linear)
        .setLoss(loss)
        .setOptimizer(
            AdamW.builder().optLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(0f).build());
  }

  /** Four rows of five features with labels 0, 1, 2, 0. */
  private static MicroBatch batch(NDManager m) {
    float[] x = new float[20];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) - 3f;
    }
    return new MicroBatch(
        new NDList(m.create(x, new Shape(4, 5))), new NDList(m.create(new float[] {0, 1, 2, 0})));
  }

  private float[] weights() {
    return linear.getParameters().get("weight").getArray().toFloatArray();
  }

  @Test
  void theFirstUpdateMovesEveryWeightByTheLearningRate() {
    float[] before = weights();
    List<Long> steps = new ArrayList<>();
    try (TrainingEngine e = engine(Loss.softmaxCrossEntropyLoss()).build()) {
      assertEquals(List.of("weight", "bias"), new ArrayList<>(e.trainable().keySet()));
      e.run(1, TrainingEngineTest::batch, engine -> steps.add(engine.step()));
      assertEquals(List.of(1L), steps);
      assertTrue(Double.isFinite(e.takeMeanLoss()));
      assertTrue(Double.isNaN(e.takeMeanLoss()), "the mean restarts after it is taken");
    }
    float[] after = weights();
    // AdamW's first step is lr * g / (|g| + eps * ...): a move of lr for every nonzero gradient
    for (int i = 0; i < before.length; i++) {
      assertEquals(LR, Math.abs(after[i] - before[i]), 1e-5f, "weight " + i);
    }
  }

  @Test
  void aSkippedUpdateIsReportedAndNotCounted() {
    List<String> warnings = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    try (TrainingEngine e =
        engine(new NaNOnCalls(Set.of(2)))
            .optSkipReport(s -> "custom " + s.step() + ": " + s.describe())
            .optWarnings(warnings::add)
            .build()) {
      e.run(3, TrainingEngineTest::batch, engine -> steps.add(engine.step()));
      assertEquals(List.of(1L, 2L, 3L), steps);
      assertEquals(1, e.skippedSteps());
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("custom 2: loss NaN, "), warnings.get(0));
    for (float v : weights()) {
      assertTrue(Float.isFinite(v), "a NaN reached the weights");
    }
  }

  @Test
  void aBlockWithNothingToTrainIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                engine(Loss.softmaxCrossEntropyLoss())
                    .optName("frozen")
                    .optFreezing(() -> linear.freezeParameters(true))
                    .build());
    assertEquals("frozen has no trainable parameter", e.getMessage());
    for (Parameter p : linear.getParameters().values()) {
      p.freeze(false);
    }
  }
}
