package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LoRA on the tiny random Whisper through the one training engine ({@link AdapterTrainer}): the
 * loss of a fixed two-utterance batch falls, only the adapter's parameters change, and a run killed
 * mid-way and resumed ends with the weights of an uninterrupted run.
 */
class WhisperTrainingTest extends WhisperFitCase {

  @Test
  void loraStepsLowerTheLossAndLeaveTheBaseBitIdentical() throws Exception {
    AdapterModel model = model(LoraSpec.builder().build());
    Map<String, float[]> base = snapshot(model, true);
    Map<String, float[]> adapter = snapshot(model, false);
    TrainingConfig c = constantSteps(1e-2, 6);
    fitLowersTheLoss(model, new Seq2SeqLoss(0.1), c, 0.5, "training loss of the 2-utterance batch");
    Map<String, float[]> baseAfter = snapshot(model, true);
    for (Map.Entry<String, float[]> e : base.entrySet()) {
      assertArrayEquals(e.getValue(), baseAfter.get(e.getKey()), e.getKey() + " changed");
    }
    Map<String, float[]> adapterAfter = snapshot(model, false);
    assertFalse(adapter.isEmpty());
    boolean changed = false;
    for (Map.Entry<String, float[]> e : adapter.entrySet()) {
      changed |= !java.util.Arrays.equals(e.getValue(), adapterAfter.get(e.getKey()));
    }
    assertTrue(changed, "no adapter parameter changed");
  }

  @Test
  void fullFineTuningTrainsTheBaseThroughTheSameEngine() throws Exception {
    AdapterModel model = model(FullFineTuneSpec.all());
    Map<String, float[]> base = snapshot(model, true);
    TrainingConfig c = constantSteps(1e-3, 3);
    fitLowersTheLoss(model, new Seq2SeqLoss(0), c, 0.5, "full fine-tuning, loss of the batch");
    Map<String, float[]> baseAfter = snapshot(model, true);
    assertFalse(
        java.util.Arrays.equals(
            base.get("model.model.decoder.layers.0.fc1.weight"),
            baseAfter.get("model.model.decoder.layers.0.fc1.weight")),
        "full fine-tuning left a base weight unchanged");
  }

  @Test
  void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
    List<ManifestEntry> utts = utterances();
    // batch 1 with accumulation 2: one update per epoch of two micro-batches, in a shuffled order
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(5e-3)
            .optGradientAccumulationSteps(2)
            .optMaxSteps(4)
            .optEvalEverySteps(2)
            .optWarmupRatio(0.2)
            .optSeed(5)
            .build();
    AdapterModel straight = model(LoraSpec.builder().build());
    fit(straight, dataset(straight, utts, 1, true), new Seq2SeqLoss(0.1), c, dir.resolve("a"));

    AdapterModel crashed = model(LoraSpec.builder().build());
    Path out = dir.resolve("b");
    WhisperDataset data = dataset(crashed, utts, 1, true);
    // micro-batch 7 is the first of update 4: the last checkpoint holds update 2
    assertThrows(
        IllegalStateException.class,
        () -> fit(crashed, data, new Crashing(new Seq2SeqLoss(0.1), 7), c, out));
    AdapterModel resumed = model(LoraSpec.builder().build());
    trainer(resumed, dataset(resumed, utts, 1, true), new Seq2SeqLoss(0.1), c, out)
        .optResumeFrom(out.resolve("last"))
        .build()
        .fit();
    Map<String, float[]> a = snapshot(straight, false);
    Map<String, float[]> b = snapshot(resumed, false);
    assertTrue(a.keySet().equals(b.keySet()));
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k), b.get(k), k + " differs after resume");
    }
  }

  /** A loss that throws on its n-th call: a process killed mid-run. */
  private static final class Crashing extends Loss {
    private final Loss inner;
    private final int at;
    private int calls;

    Crashing(Loss inner, int at) {
      super("crashing");
      this.inner = inner;
      this.at = at;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      if (++calls == at) {
        throw new IllegalStateException("simulated crash");
      }
      return inner.evaluate(labels, predictions);
    }
  }
}
