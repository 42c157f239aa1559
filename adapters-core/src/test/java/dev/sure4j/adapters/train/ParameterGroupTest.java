package dev.sure4j.adapters.train;

import static dev.sure4j.adapters.train.TrainFixture.lora;
import static dev.sure4j.adapters.train.TrainFixture.trainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.lora.LoraDelta;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter groups (LoRA+): a group's learning rate is its factor times the schedule's. */
class ParameterGroupTest extends TrainerTestBase {

  private static final double LR = 0.01;
  private static final double RATIO = 4;

  /**
   * Two AdamW steps with known gradients, one parameter at the base rate and one at {@code RATIO}
   * times it, against PyTorch's AdamW rule written out in doubles.
   */
  @Test
  void aGroupsFactorScalesTheWholeAdamWStep() {
    double wd = 0.1;
    AdamW adamW =
        AdamW.builder()
            .optLearningRateTracker(Tracker.fixed((float) LR))
            .optWeightDecays((float) wd)
            .build();
    float[] w0 = {0.5f, -1f, 2f};
    float[][] grads = {{0.3f, -0.2f, 1f}, {-0.1f, 0.4f, 0.05f}};
    double worst = 0;
    for (double factor : new double[] {1, RATIO}) {
      NDArray w = root.create(w0);
      String id = "p" + factor;
      for (float[] g : grads) {
        adamW.update(id, w, root.create(g), factor);
      }
      double[] expected = torchAdamW(w0, grads, factor * LR, wd);
      float[] got = w.toFloatArray();
      for (int i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      }
    }
    System.out.printf("AdamW with a group factor vs the formula: max abs difference %.3e%n", worst);
    assertTrue(worst < 1e-6, "max abs difference " + worst);
  }

  /** {@code torch.optim.AdamW} (betas 0.9, 0.999, eps 1e-8, amsgrad off) in doubles. */
  private static double[] torchAdamW(float[] w0, float[][] grads, double lr, double wd) {
    double[] w = new double[w0.length];
    double[] m = new double[w0.length];
    double[] v = new double[w0.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = w0[i];
    }
    for (int t = 1; t <= grads.length; t++) {
      for (int i = 0; i < w.length; i++) {
        double g = grads[t - 1][i];
        w[i] *= 1 - lr * wd;
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        double mHat = m[i] / (1 - Math.pow(0.9, t));
        double vHat = v[i] / (1 - Math.pow(0.999, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    return w;
  }

  /** AdamW's first step moves each weight by its learning rate: B by RATIO times what A moves. */
  @Test
  void theEngineMovesLoraBByTheRatioTimesLoraA() {
    Engine.getInstance().setRandomSeed(5);
    LoraDelta delta = new LoraDelta(6, 4, lora(0));
    delta.initialize(root, DataType.FLOAT32, new Shape(3, 6));
    float[] b = new float[8];
    for (int i = 0; i < b.length; i++) {
      b[i] = 0.1f * (i + 1) * (i % 2 == 0 ? 1 : -1);
    }
    delta.loraB().getArray().set(FloatBuffer.wrap(b));
    float[] a0 = delta.loraA().getArray().toFloatArray();
    try (TrainingEngine e =
        TrainingEngine.builder()
            .setBlock(delta)
            .setLoss(Loss.l2Loss())
            .setOptimizer(
                AdamW.builder()
                    .optLearningRateTracker(Tracker.fixed((float) LR))
                    .optWeightDecays(0f)
                    .build())
            .optConfig(
                TrainingConfig.builder()
                    .optGradientAccumulationSteps(1)
                    .optParameterGroups(List.of(ParameterGroup.loraPlus(RATIO)))
                    .build())
            .build()) {
      assertEquals(1.0, e.learningRateFactor("lora_A.weight"));
      assertEquals(RATIO, e.learningRateFactor("lora_B.weight"));
      e.run(
          1,
          m -> {
            float[] x = new float[18];
            for (int i = 0; i < x.length; i++) {
              x[i] = (i % 5) - 2f;
            }
            return new MicroBatch(
                new NDList(m.create(x, new Shape(3, 6))), new NDList(m.ones(new Shape(3, 4))));
          },
          engine -> {});
    }
    assertMoves(a0, delta.loraA().getArray().toFloatArray(), LR, "lora_A");
    assertMoves(b, delta.loraB().getArray().toFloatArray(), RATIO * LR, "lora_B");
  }

  private static void assertMoves(float[] before, float[] after, double step, String what) {
    for (int i = 0; i < before.length; i++) {
      assertEquals(step, Math.abs(after[i] - before[i]), 1e-6, what + " element " + i);
    }
  }

  /** The configuration's groups reach the engine of {@link AdapterTrainer}. */
  @Test
  void theTrainingConfigsGroupsReachTheEngine() throws Exception {
    AdapterModel m = TrainFixture.model(root, 3, lora(0));
    Map<String, float[]> before = TinyModels.snapshot(m);
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(LR)
            .optWarmupRatio(0)
            .optSchedule(LrSchedule.Kind.CONSTANT)
            .optMaxSteps(1)
            .optGradientAccumulationSteps(1)
            .optPatience(0)
            .optParameterGroups(List.of(ParameterGroup.loraPlus(RATIO)))
            .build();
    trainer(m, TrainFixture.data(root, 8, 8, false, 1), c, dir).build().fit();
    Map<String, float[]> after = TinyModels.snapshot(m);
    int b = 0;
    int other = 0;
    for (String k : before.keySet()) {
      float[] x = before.get(k);
      float[] y = after.get(k);
      for (int i = 0; i < x.length; i++) {
        double moved = Math.abs(y[i] - x[i]);
        if (moved == 0) {
          continue; // frozen, or a zero gradient (lora_A while lora_B is still zero)
        }
        boolean inB = k.contains("lora_B");
        assertEquals(inB ? RATIO * LR : LR, moved, 1e-5, k + " element " + i);
        b += inB ? 1 : 0;
        other += inB ? 0 : 1;
      }
    }
    assertTrue(b > 0 && other > 0, "lora_B moved " + b + " weights, the head " + other);
  }

  @Test
  void aGroupThatMatchesNothingIsRefused() {
    AdapterModel m = TrainFixture.model(root, 3, lora(0));
    TrainingEngineBuilder b =
        TrainingEngine.builder()
            .setBlock(m)
            .setLoss(Loss.softmaxCrossEntropyLoss())
            .setOptimizer(AdamW.builder().build())
            .optFreezing(m::applyFreezing)
            .optConfig(
                TrainingConfig.builder()
                    .optParameterGroups(
                        List.of(new ParameterGroup("ia3", p -> p.contains("ia3_l"), 2)))
                    .build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("parameter group ia3 matches no trainable"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ParameterGroup.loraPlus(0));
  }
}
