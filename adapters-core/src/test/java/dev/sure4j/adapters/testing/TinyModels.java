package dev.sure4j.adapters.testing;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SimpleCompositeLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small models, batches and training steps shared by the core tests. */
public final class TinyModels {

  private TinyModels() {}

  /**
   * Builds and initialises a small encoder.
   *
   * @param manager where parameters live
   * @param hidden {@code D}
   * @param heads head count
   * @param layers layer count
   * @param preNorm pre-LN layers
   * @return the encoder
   */
  public static TransformerEncoder encoder(
      NDManager manager, int hidden, int heads, int layers, boolean preNorm) {
    TransformerEncoder e =
        new TransformerEncoder(
            TransformerLayerConfig.of(hidden, heads, 2 * hidden).withPreNorm(preNorm), layers);
    e.initialize(manager, DataType.FLOAT32, new Shape(1, 1, hidden));
    return e;
  }

  /**
   * Builds and initialises a {@link MeanPoolHead}.
   *
   * @param manager where parameters live
   * @param hidden {@code D}
   * @param classes classes
   * @return the head
   */
  public static MeanPoolHead head(NDManager manager, int hidden, int classes) {
    MeanPoolHead h = new MeanPoolHead(hidden, classes);
    h.initialize(manager, DataType.FLOAT32, new Shape(1, 1, hidden));
    return h;
  }

  /**
   * Runs an inference forward pass.
   *
   * @param model the model
   * @param inputs inputs
   * @return the first output
   */
  public static NDArray infer(AdapterModel model, NDList inputs) {
    NDManager m = inputs.head().getManager();
    return model.forward(new ParameterStore(m, false), inputs, false).head();
  }

  /**
   * Copies every parameter value, by path.
   *
   * @param model the model
   * @return path to a float copy
   */
  public static Map<String, float[]> snapshot(AdapterModel model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : StateDict.of(model, "").entrySet()) {
      out.put(e.getKey(), e.getValue().getArray().toFloatArray());
    }
    return out;
  }

  /**
   * Copies every base parameter's value from one model to another of the same architecture, so that
   * an adapter saved from one can be loaded into the other and compared.
   *
   * @param from the model whose base values are copied
   * @param to a model with the same base parameter paths and shapes
   */
  public static void copyBase(AdapterModel from, AdapterModel to) {
    from.baseParameters()
        .forEach((k, p) -> to.baseParameters().get(k).getArray().set(p.getArray().toByteArray()));
  }

  /**
   * Creates a DJL model and trainer over an adapter model, then re-applies its freezing.
   *
   * @param model the adapter model
   * @param learningRate the Adam learning rate
   * @param inputShapes the input shapes for initialisation
   * @return the trainer; close it and its model
   */
  public static Trainer trainer(AdapterModel model, float learningRate, Shape... inputShapes) {
    Model djl = Model.newInstance("test");
    djl.setBlock(model);
    Trainer t =
        djl.newTrainer(
            new DefaultTrainingConfig(
                    new SimpleCompositeLoss()
                        .addLoss(Loss.softmaxCrossEntropyLoss())
                        .addLoss(new LogitPenalty()))
                .optOptimizer(
                    Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build()));
    t.initialize(inputShapes);
    model.applyFreezing();
    return t;
  }

  /**
   * {@code 1e-3 mean(logits^2)}. With a linear head, softmax cross-entropy's gradients sum to
   * exactly zero in exact arithmetic (each row of {@code p - y} sums to zero), and DJL's first
   * {@code Trainer.step} refuses a gradient sum that comes out as exactly 0.0 in float: this small
   * penalty keeps the sum away from zero, so the check cannot fail by rounding.
   */
  private static final class LogitPenalty extends Loss {
    LogitPenalty() {
      super("logit_penalty");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return Ops.times(predictions.head().square().mean(), 1e-3f);
    }
  }

  /**
   * Runs one training step on a batch.
   *
   * @param trainer the trainer
   * @param batchManager a manager for the batch
   * @param data inputs
   * @param labels labels
   */
  public static void step(Trainer trainer, NDManager batchManager, NDList data, NDList labels) {
    try (Batch batch = new Batch(batchManager, data, labels, 1, null, null, 0, 1)) {
      EasyTrain.trainBatch(trainer, batch);
      trainer.step();
    }
  }

  /**
   * Gives every parameter of an adapter's blocks a normal value with standard deviation 0.2, so
   * that an adapter that starts as the identity (LoRA's zero {@code B}) changes the output.
   *
   * @param a the adapter
   * @param seed the random seed
   */
  public static void randomise(Adapter a, long seed) {
    Random r = new Random(seed);
    for (var block : a.blocks().values()) {
      for (Parameter p : StateDict.of(block, "").values()) {
        NDArray arr = p.getArray();
        float[] v = new float[(int) arr.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (r.nextGaussian() * 0.2);
        }
        arr.set(FloatBuffer.wrap(v));
      }
    }
  }
}
