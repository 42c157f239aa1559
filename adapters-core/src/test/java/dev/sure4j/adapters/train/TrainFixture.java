package dev.sure4j.adapters.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.testing.TinyModels;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** A tiny classification task for the training tests. */
final class TrainFixture {

  static final int D = 8;
  static final int T = 5;
  static final int CLASSES = 3;
  static final String ADAPTER = "task";

  private TrainFixture() {}

  /** A one-layer encoder with an adapter and a mean-pool head, initialised from {@code seed}. */
  static AdapterModel model(NDManager root, int seed, AdapterSpec spec) {
    Engine.getInstance().setRandomSeed(seed);
    AdapterModel m = AdapterModel.wrap(TinyModels.encoder(root, D, 2, 1, false));
    m.addAdapter(ADAPTER, spec, TinyModels.head(root, D, CLASSES));
    m.setActiveAdapters(ADAPTER);
    return m;
  }

  /**
   * {@code n} utterances {@code [T, D]} with a frame mask; class {@code c} adds 1.5 to feature
   * {@code c}, so the task is learnable.
   */
  static ArrayDataset data(NDManager root, int n, int batch, boolean shuffle, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * T * D];
    float[] mask = new float[n * T];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int c = i % CLASSES;
      y[i] = c;
      int valid = T - (i % 2);
      for (int t = 0; t < T; t++) {
        mask[i * T + t] = t < valid ? 1 : 0;
        for (int d = 0; d < D; d++) {
          x[(i * T + t) * D + d] = (float) r.nextGaussian() + (d == c ? 1.5f : 0f);
        }
      }
    }
    NDArray xs = root.create(x, new Shape(n, T, D));
    NDArray ms = root.create(mask, new Shape(n, T));
    NDArray ys = root.create(y);
    return new ArrayDataset.Builder()
        .setData(xs, ms)
        .optLabels(ys)
        .setSampling(batch, shuffle)
        .build();
  }

  /** LoRA of rank 2, alpha 4, with the given dropout. */
  static LoraSpec lora(double dropout) {
    return LoraSpec.builder().optRank(2).optAlpha(4).optDropout(dropout).build();
  }

  /** A trainer of the fixture's adapter with cross-entropy. */
  static AdapterTrainerBuilder trainer(AdapterModel m, Dataset train, TrainingConfig c, Path out) {
    return AdapterTrainer.builder()
        .setModel(m)
        .setAdapter(ADAPTER)
        .setLoss(Loss.softmaxCrossEntropyLoss())
        .setTrainData(train)
        .setConfig(c)
        .setOutputDir(out);
  }

  /**
   * A trainer on the fixture's small evaluated split: 8 training rows in batches of 2 (seed 3) and
   * 3 evaluation rows in one batch (seed 4).
   */
  static AdapterTrainerBuilder evaluatedTrainer(
      NDManager root, AdapterModel m, TrainingConfig c, Path out) {
    return trainer(m, data(root, 8, 2, false, 3), c, out).optEvalData(data(root, 3, 3, false, 4));
  }

  /** The largest absolute difference between two snapshots with the same keys. */
  static float maxDiff(Map<String, float[]> a, Map<String, float[]> b) {
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

  /** An evaluator replaying a fixed metric sequence. */
  static final class Scripted implements Evaluator {
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

  /** Accuracy of argmax logits {@code [batch, classes]} against labels {@code [batch]}. */
  static final class Accuracy implements Evaluator {
    private long right;
    private long all;

    @Override
    public void reset() {
      right = 0;
      all = 0;
    }

    @Override
    public void update(NDList predictions, NDList labels) {
      float[] p = predictions.head().argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
      float[] l = labels.head().toFloatArray();
      for (int i = 0; i < p.length; i++) {
        right += p[i] == l[i] ? 1 : 0;
      }
      all += p.length;
    }

    @Override
    public Map<String, Double> metrics() {
      return Map.of("accuracy", all == 0 ? Double.NaN : (double) right / all);
    }
  }
}
