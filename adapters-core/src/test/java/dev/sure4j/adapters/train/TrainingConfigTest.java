package dev.sure4j.adapters.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one training configuration: its documented defaults, validation and copy. */
class TrainingConfigTest {

  @Test
  void defaultsAreTheDocumentedSureRecipe() {
    TrainingConfig c = TrainingConfig.builder().build();
    assertEquals(5e-4, c.learningRate());
    assertEquals(0.0, c.weightDecay());
    assertEquals(0.1, c.warmupRatio());
    assertEquals(LrSchedule.Kind.LINEAR, c.schedule());
    assertEquals(4, c.gradientAccumulationSteps());
    assertEquals(16, c.batchSize());
    assertEquals(10, c.epochs());
    assertEquals(0L, c.maxSteps());
    assertEquals(0, c.evalEverySteps());
    assertEquals("eval_loss", c.metric());
    assertEquals(5, c.patience());
    assertTrue(c.keepBestCheckpoint());
    assertEquals(42L, c.seed());
    assertEquals(10, c.logEverySteps());
    assertEquals(0.0, c.maxGradNorm());
    assertEquals(0.9, c.adamBeta1());
    assertEquals(0.999, c.adamBeta2());
    assertEquals(1e-8, c.adamEpsilon());
    assertEquals(List.of(), c.parameterGroups());
  }

  @Test
  void aNonPositiveBatchSizeIsRefusedNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingConfig.builder().optBatchSize(0).build());
    assertEquals("batch size must be > 0: 0", e.getMessage());
  }

  @Test
  void toBuilderKeepsEveryValue() {
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(1e-3)
            .optBatchSize(3)
            .optGradientAccumulationSteps(2)
            .optSeed(9)
            .optMaxGradNorm(1.5)
            .optAdamBetas(0.8, 0.99)
            .optParameterGroups(List.of(ParameterGroup.loraPlus(4)))
            .build();
    assertEquals(c, c.toBuilder().build());
    TrainingConfig d = c.toBuilder().optBatchSize(5).build();
    assertEquals(5, d.batchSize());
    assertEquals(3, c.batchSize());
    assertEquals(1e-3, d.learningRate());
  }

  @Test
  void theEngineRefusesAMissingConfiguration() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingEngine.builder().optConfig(null));
    assertEquals("config must not be null", e.getMessage());
  }
}
