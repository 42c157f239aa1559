package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA on the tiny random Whisper through the one training engine ({@link AdapterTrainer}): the
 * loss of a fixed two-utterance batch falls, only the adapter's parameters change, and a run killed
 * mid-way and resumed ends with the weights of an uninterrupted run.
 */
class WhisperTrainingTest extends ManagedTest {

  @TempDir Path dir;

  @Test
  void loraStepsLowerTheLossAndLeaveTheBaseBitIdentical() throws Exception {
    List<ManifestEntry> utts = utterances();
    AdapterModel model = model(LoraSpec.builder().build());
    Map<String, float[]> base = snapshot(model, true);
    Map<String, float[]> adapter = snapshot(model, false);
    WhisperDataset data = dataset(model, utts, 2, false);
    double before = loss(model, data);
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(1e-2)
            .optGradientAccumulationSteps(1)
            .optMaxSteps(6)
            .optWarmupRatio(0)
            .build();
    AdapterTrainer.builder()
        .setModel(model)
        .setAdapter("asr")
        .setLoss(new Seq2SeqLoss(0.1))
        .setTrainData(data)
        .setConfig(c)
        .setOutputDir(dir.resolve("run"))
        .build()
        .fit();
    double after = loss(model, data);
    System.out.printf("training loss of the 2-utterance batch: %.4f -> %.4f%n", before, after);
    assertTrue(after < before - 0.5, "loss did not fall: " + before + " -> " + after);
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
    List<ManifestEntry> utts = utterances();
    AdapterModel model = model(FullFineTuneSpec.all());
    Map<String, float[]> base = snapshot(model, true);
    WhisperDataset data = dataset(model, utts, 2, false);
    double before = loss(model, data);
    TrainingConfig c =
        TrainingConfig.builder()
            .optLearningRate(1e-3)
            .optGradientAccumulationSteps(1)
            .optMaxSteps(3)
            .optWarmupRatio(0)
            .build();
    fit(model, data, new Seq2SeqLoss(0), c, dir.resolve("full"));
    double after = loss(model, data);
    System.out.printf("full fine-tuning, loss of the batch: %.4f -> %.4f%n", before, after);
    assertTrue(after < before - 0.5, "loss did not fall: " + before + " -> " + after);
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
    AdapterTrainer.builder()
        .setModel(resumed)
        .setAdapter("asr")
        .setLoss(new Seq2SeqLoss(0.1))
        .setTrainData(dataset(resumed, utts, 1, true))
        .setConfig(c)
        .setOutputDir(out)
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

  static void fit(AdapterModel model, WhisperDataset data, Loss loss, TrainingConfig c, Path out)
      throws Exception {
    AdapterTrainer.builder()
        .setModel(model)
        .setAdapter("asr")
        .setLoss(loss)
        .setTrainData(data)
        .setConfig(c)
        .setOutputDir(out)
        .build()
        .fit();
  }

  private List<ManifestEntry> utterances() throws Exception {
    return TrainFixtures.utterances(
        dir, new int[] {12800, 8000}, "hello world", "the quick brown fox jumps");
  }

  /** The same model and adapter initialisation every time (seeded). */
  private AdapterModel model(AdapterSpec spec) {
    Engine.getInstance().setRandomSeed(11);
    WhisperModel whisper = WhisperModel.load(TrainFixtures.model(), manager);
    AdapterModel m = AdapterModel.wrap(whisper);
    m.addAdapter("asr", spec).setActiveAdapters("asr");
    return m;
  }

  static WhisperDataset dataset(
      AdapterModel model, List<ManifestEntry> utts, int batch, boolean shuffle) {
    WhisperModel whisper = (WhisperModel) model.base();
    return new WhisperDataset(
        utts,
        WhisperTextCodec.fromDirectory(TrainFixtures.model(), whisper),
        WhisperFeatures.of(whisper.config().numMelBins()),
        WhisperFeatures.pipeline(InputLimits.defaults()),
        batch,
        shuffle,
        m -> {
          throw new AssertionError(m);
        });
  }

  private double loss(AdapterModel model, WhisperDataset data) throws Exception {
    return loss(manager, model, data);
  }

  /** The mean loss (no smoothing) over the batches of {@code data}. */
  static double loss(NDManager manager, AdapterModel model, WhisperDataset data) throws Exception {
    double sum = 0;
    int n = 0;
    try (NDManager scope = manager.newSubManager()) {
      for (Batch b : data.getData(scope)) {
        NDList out = model.forward(new ParameterStore(scope, false), b.getData(), false);
        NDArray l = new Seq2SeqLoss(0).evaluate(b.getLabels(), out);
        sum += l.getFloat();
        n++;
        b.close();
      }
    }
    return sum / n;
  }

  /** Base parameters (true) or the rest: adapters and heads, by path. */
  static Map<String, float[]> snapshot(AdapterModel model, boolean base) {
    Map<String, float[]> out = new TreeMap<>();
    StateDict.of(model, "")
        .forEach(
            (k, p) -> {
              if (model.baseParameters().containsKey(k.replaceFirst("^model\\.", "")) == base) {
                out.put(k, p.getArray().toFloatArray());
              }
            });
    return out;
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
