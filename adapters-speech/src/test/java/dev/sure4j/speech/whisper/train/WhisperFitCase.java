package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.adapters.train.AdapterTrainerBuilder;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Whisper training tests share: the tiny random Whisper with a seeded adapter {@code asr},
 * two fixed utterances, their data set, short runs of {@link AdapterTrainer} and the mean loss and
 * parameters before and after.
 */
abstract class WhisperFitCase extends ManagedTest {

  /** The test's directory: utterances, runs and saved adapters. */
  @TempDir Path dir;

  /** Two utterances (0.8 s and 0.5 s of the fixture's audio) with their transcripts. */
  List<ManifestEntry> utterances() throws IOException {
    return TrainFixtures.utterances(
        dir, new int[] {12800, 8000}, "hello world", "the quick brown fox jumps");
  }

  /** The tiny Whisper with an active adapter {@code asr}, initialised the same every time. */
  AdapterModel model(AdapterSpec spec) {
    Engine.getInstance().setRandomSeed(11);
    AdapterModel m = AdapterModel.wrap(WhisperModel.load(TrainFixtures.model(), manager));
    m.addAdapter("asr", spec).setActiveAdapters("asr");
    return m;
  }

  /** The utterances as Whisper batches of {@code batch}, shuffled or in order. */
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

  /** A run of {@code steps} optimizer steps of one micro-batch each at a constant rate. */
  static TrainingConfig constantSteps(double learningRate, int steps) {
    return TrainingConfig.builder()
        .optLearningRate(learningRate)
        .optGradientAccumulationSteps(1)
        .optMaxSteps(steps)
        .optWarmupRatio(0)
        .build();
  }

  /** A trainer of the adapter {@code asr}, for the caller's further options. */
  static AdapterTrainerBuilder trainer(
      AdapterModel model, WhisperDataset data, Loss loss, TrainingConfig c, Path out) {
    return AdapterTrainer.builder()
        .setModel(model)
        .setAdapter("asr")
        .setLoss(loss)
        .setTrainData(data)
        .setConfig(c)
        .setOutputDir(out);
  }

  /** Fits the adapter {@code asr} with a fresh trainer. */
  static void fit(AdapterModel model, WhisperDataset data, Loss loss, TrainingConfig c, Path out)
      throws Exception {
    trainer(model, data, loss, c, out).build().fit();
  }

  /** The two utterances as one batch, in order. */
  WhisperDataset batchOfTwo(AdapterModel model) throws IOException {
    return dataset(model, utterances(), 2, false);
  }

  /**
   * Fits the model on {@link #batchOfTwo} (run directory {@code dir/run}) and checks that the
   * batch's mean loss falls by more than {@code minDrop}; prints the loss before and after under
   * {@code label}.
   *
   * @return the mean loss after
   */
  double fitLowersTheLoss(
      AdapterModel model, Loss loss, TrainingConfig c, double minDrop, String label)
      throws Exception {
    WhisperDataset data = batchOfTwo(model);
    double before = loss(model, data);
    fit(model, data, loss, c, dir.resolve("run"));
    double after = loss(model, data);
    System.out.printf("%s: %.4f -> %.4f%n", label, before, after);
    assertTrue(after < before - minDrop, "loss did not fall: " + before + " -> " + after);
    return after;
  }

  /** The mean loss (no smoothing) over the batches of {@code data}. */
  double loss(AdapterModel model, WhisperDataset data) throws Exception {
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
}
