package dev.sure4j.speech.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FastSpeechLossTest extends ManagedTest {

  private NDArray rows(float... v) {
    return manager.create(v, new Shape(2, v.length / 2));
  }

  @Test
  void lossesAreMeansOverRealElementsOnly() {
    // utterance 0: 2 tokens, 2 frames; utterance 1: 1 token, 1 frame; 1 mel bin
    NDArray tokenMask = rows(1, 1, 1, 0);
    VarianceTargets t =
        new VarianceTargets(
            manager.create(new int[][] {{1, 1}, {1, 0}}), rows(0, 0, 1, 0), rows(1, -1, 2, 50));
    FastSpeechInput in =
        new FastSpeechInput(
            manager.create(new int[][] {{1, 2}, {3, 0}}),
            tokenMask,
            manager.create(new int[] {0, 0}),
            Optional.of(t));
    NDArray melMask = rows(1, 1, 1, 0);
    float log2 = (float) Math.log(2);
    FastSpeechOutput out =
        new FastSpeechOutput(
            manager.create(new float[] {1, 4, 3, -5}, new Shape(2, 2, 1)),
            manager.create(new float[] {2, 2, 1, 9}, new Shape(2, 2, 1)),
            rows(0, log2, log2, 7),
            rows(1, 2, 3, 100),
            rows(0, 0, 0, 0),
            manager.create(new float[] {1, 1, 1, 0}, new Shape(2, 2)),
            melMask);
    NDArray melTargets = manager.create(new float[] {1, 2, 3, 0}, new Shape(2, 2, 1));

    FastSpeechLoss loss = FastSpeechLoss.of(in, out, melTargets);

    assertEquals(3f / 3, loss.mel().getFloat(), 1e-6); // |2-1| + |2-2| + |1-3|
    assertEquals(2f / 3, loss.postnetMel().getFloat(), 1e-6); // 0 + |4-2| + 0
    assertEquals(log2 * log2 / 3, loss.duration().getFloat(), 1e-6); // (0 - log 2)^2, 0, 0
    assertEquals(9f / 3, loss.pitch().getFloat(), 1e-6); // 1 + 4 + 4
    assertEquals(6f / 3, loss.energy().getFloat(), 1e-6); // 1 + 1 + 4
    assertEquals(1 + 2f / 3 + log2 * log2 / 3 + 3 + 2, loss.total().getFloat(), 1e-5);
  }

  @Test
  void aPaddedBatchLossIsTheElementWeightedMeanOfItsUtterances() {
    FastSpeechModel model = FastSpeechModelTest.tinyModel(manager);
    ParameterStore store = new ParameterStore(manager, false);
    FastSpeechInput batchIn = TtsBatches.batch(manager, true);
    FastSpeechLoss batch =
        FastSpeechLoss.of(
            batchIn, model.forward(store, batchIn, false), TtsBatches.melTargets(manager, 0, 2, 8));
    FastSpeechLoss[] alone = new FastSpeechLoss[2];
    for (int i = 0; i < 2; i++) {
      FastSpeechInput in = TtsBatches.single(manager, true, i);
      alone[i] =
          FastSpeechLoss.of(
              in, model.forward(store, in, false), TtsBatches.melTargets(manager, i, i + 1, 8));
    }
    float[] frames = {8, 7};
    float[] tokens = {5, 3};
    float worst = 0;
    worst = Math.max(worst, weighted(batch.mel(), alone[0].mel(), alone[1].mel(), frames));
    worst =
        Math.max(
            worst,
            weighted(batch.postnetMel(), alone[0].postnetMel(), alone[1].postnetMel(), frames));
    worst =
        Math.max(
            worst, weighted(batch.duration(), alone[0].duration(), alone[1].duration(), tokens));
    worst = Math.max(worst, weighted(batch.pitch(), alone[0].pitch(), alone[1].pitch(), tokens));
    worst = Math.max(worst, weighted(batch.energy(), alone[0].energy(), alone[1].energy(), tokens));
    System.out.printf("FastSpeech loss, padded batch vs weighted single utterances: %g%n", worst);
    assertTrue(worst < 1e-5f, "padded batch loss differs by " + worst);
    assertTrue(batch.mel().getFloat() > 0 && batch.pitch().getFloat() > 0, "losses are not 0");
  }

  private static float weighted(NDArray batch, NDArray a, NDArray b, float[] counts) {
    float expected =
        (a.getFloat() * counts[0] + b.getFloat() * counts[1]) / (counts[0] + counts[1]);
    return Math.abs(batch.getFloat() - expected);
  }
}
