package dev.sure4j.cli;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.ParameterReport;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.TrainingEngine;
import dev.sure4j.cli.results.MethodResult;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The core demo: pre-trains a small {@link TransformerEncoder} backbone on a synthetic source task,
 * then adapts it to a related target task with every method and compares them.
 *
 * <ol>
 *   <li>Pre-training: the backbone and a head train fully on the {@link MotifSequences} source task
 *       (which motif is in the sequence).
 *   <li>Adaptation: for each method variant ({@code Preset.DEFAULT}), a fresh copy of the
 *       pre-trained backbone is wrapped in an {@link AdapterModel}, given the method's adapter
 *       (SURE defaults) and a new {@link PooledClassifierHead}, and trained on the target task
 *       ({@code (a + b) mod 3} of the two motifs); the linear probe trains the head alone on the
 *       frozen backbone.
 *   <li>Each method is scored by accuracy on a held-out split.
 * </ol>
 *
 * <p>Training runs on the shared {@link TrainingEngine} with {@link AdamW} at a fixed learning rate
 * per method, one batch per step. The seed fixes the data, the sampling order and the initial
 * weights (through {@code Engine.setRandomSeed}), so a repeated run with the same seed and thread
 * count gives the same numbers (two runs with 40 pre-training and 40 adaptation steps gave
 * identical tables). Earlier versions varied at random, LoRA once collapsing to 33.4%, because
 * DJL's {@code mul(Number)} let the garbage collector free a constant that the backward pass still
 * read; see {@link Ops#times}.
 */
public final class Demo {

  /** The task name written in the results. */
  public static final String TASK = "motif-sum";

  private final Options options;
  private final PrintStream log;
  private final Device device;

  /**
   * The demo's settings.
   *
   * @param hidden the backbone width {@code D}
   * @param heads the attention heads
   * @param ffn the feed-forward width
   * @param layers the number of transformer layers
   * @param frames the padded sequence length
   * @param motifs the number of motifs (source classes)
   * @param pretrainSteps optimizer steps of backbone pre-training
   * @param steps optimizer steps per adaptation method
   * @param batchSize sequences per step
   * @param trainSize sequences in each training split
   * @param testSize sequences in the held-out target split
   * @param seed the seed of data and weights
   */
  public record Options(
      int hidden,
      int heads,
      int ffn,
      int layers,
      int frames,
      int motifs,
      int pretrainSteps,
      int steps,
      int batchSize,
      int trainSize,
      int testSize,
      long seed) {

    /** Validates the values. */
    public Options {
      checkArgument(pretrainSteps >= 0, "pretrain steps must be >= 0: %s", pretrainSteps);
      checkArgument(steps > 0, "steps must be > 0: %s", steps);
      checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
      checkArgument(trainSize >= batchSize, "train size %s < batch size %s", trainSize, batchSize);
      checkArgument(testSize > 0, "test size must be > 0: %s", testSize);
    }

    /**
     * The defaults: D=64, 4 heads, FFN 128, 2 layers, sequences of up to 32 frames, 6 motifs.
     *
     * @param pretrainSteps optimizer steps of pre-training
     * @param steps optimizer steps per method
     * @param seed the seed
     * @return the options
     */
    public static Options defaults(int pretrainSteps, int steps, long seed) {
      return new Options(64, 4, 128, 2, 32, 6, pretrainSteps, steps, 32, 2048, 1024, seed);
    }
  }

  /**
   * Creates a demo run on a device.
   *
   * @param options the settings
   * @param log where progress goes
   * @param device where the models, their parameters and the batches live (null: the engine's
   *     default)
   */
  public Demo(Options options, PrintStream log, Device device) {
    this.options = options;
    this.log = log;
    this.device = device;
  }

  /**
   * Runs pre-training and every method.
   *
   * @return one result per method variant ({@code Preset.DEFAULT}), in declaration order
   */
  public List<MethodResult> run() {
    Options o = options;
    MotifSequences data = new MotifSequences(o.hidden(), o.frames(), o.motifs(), 4f, o.seed());
    Random sampler = new Random(o.seed() + 1);
    MotifSequences.Split source = data.source(o.trainSize(), sampler);
    MotifSequences.Split target = data.target(o.trainSize(), sampler);
    MotifSequences.Split test = data.target(o.testSize(), sampler);

    List<MethodResult> results = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager(device)) {
      Map<String, float[]> pretrained = pretrain(manager, source, data.motifCount());
      List<MethodVariant> methods = AdapterMethods.variants(Preset.DEFAULT);
      for (int i = 0; i < methods.size(); i++) {
        try (NDManager methodManager = manager.newSubManager()) {
          MethodResult r = adapt(methodManager, pretrained, methods.get(i), i, target, test);
          log.printf(
              "%-18s accuracy %.3f  trainable %,d  %.1f s%n",
              r.method(), r.score(), r.trainableParams(), r.trainSeconds());
          results.add(r);
        }
      }
    }
    return results;
  }

  private TransformerEncoder backbone(NDManager manager) {
    TransformerEncoder encoder =
        new TransformerEncoder(
            TransformerLayerConfig.of(options.hidden(), options.heads(), options.ffn()),
            options.layers());
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, options.frames(), options.hidden()));
    return encoder;
  }

  private Map<String, float[]> pretrain(
      NDManager manager, MotifSequences.Split source, int classes) {
    Engine.getInstance().setRandomSeed((int) options.seed());
    TransformerEncoder encoder = backbone(manager);
    AdapterModel model = AdapterModel.wrap(encoder);
    model.addAdapter(
        "pretrain",
        FullFineTuneSpec.all(),
        PooledClassifierHead.create(manager, options.hidden(), classes));
    model.setActiveAdapters("pretrain");
    if (options.pretrainSteps() > 0) {
      double seconds =
          train(model, model::applyFreezing, 1e-3f, source, options.pretrainSteps(), "pretrain");
      log.printf(
          "pre-trained the backbone (full training on the source task) in %.1f s%n", seconds);
    }
    Map<String, float[]> weights = new LinkedHashMap<>();
    StateDict.of(encoder, "").forEach((k, p) -> weights.put(k, p.getArray().toFloatArray()));
    return weights;
  }

  private MethodResult adapt(
      NDManager manager,
      Map<String, float[]> pretrained,
      MethodVariant method,
      int index,
      MotifSequences.Split target,
      MotifSequences.Split test) {
    Engine.getInstance().setRandomSeed((int) options.seed() + 1 + index);
    TransformerEncoder encoder = backbone(manager);
    StateDict.of(encoder, "")
        .forEach((k, p) -> p.getArray().set(FloatBuffer.wrap(pretrained.get(k))));
    AdapterModel model = AdapterModel.wrap(encoder);
    PooledClassifierHead head =
        PooledClassifierHead.create(manager, options.hidden(), MotifSequences.TARGET_CLASSES);
    model.addAdapter("task", method.spec(), head);
    model.setActiveAdapters("task");
    float rate = (float) method.learningRate();
    double seconds =
        train(model, model::applyFreezing, rate, target, options.steps(), method.label());
    ParameterReport counts = ParameterReport.of(model);
    double accuracy = accuracy(model, test);
    return new MethodResult(
        TASK,
        method.label(),
        "accuracy",
        accuracy,
        counts.trainable(),
        counts.all(),
        seconds,
        options.seed(),
        method.learningRate(),
        Double.NaN);
  }

  private double train(
      Block block,
      Runnable refreeze,
      float learningRate,
      MotifSequences.Split split,
      int steps,
      String name) {
    RowSampler sampler = new RowSampler(split.n(), new Random(options.seed() + 7));
    AdamW adamW = AdamW.builder().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    try (TrainingEngine engine =
        TrainingEngine.builder()
            .setBlock(block)
            .setLoss(Loss.softmaxCrossEntropyLoss())
            .setOptimizer(adamW)
            .optName(name)
            .optDevice(device)
            .optFreezing(refreeze)
            .build()) {
      long start = System.nanoTime();
      engine.run(
          steps,
          m -> {
            int[] rows = sampler.next(options.batchSize());
            return new MicroBatch(split.inputs(m, rows), split.labels(m, rows));
          },
          e -> {});
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private double accuracy(Block block, MotifSequences.Split split) {
    int correct = 0;
    int chunk = 256;
    for (int from = 0; from < split.n(); from += chunk) {
      int[] rows = new int[Math.min(chunk, split.n() - from)];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = from + i;
      }
      try (NDManager m = NDManager.newBaseManager(device)) {
        NDList inputs = split.inputs(m, rows);
        NDArray logits = block.forward(new ParameterStore(m, false), inputs, false).head();
        int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < rows.length; i++) {
          if (predicted[i] == split.labels()[rows[i]]) {
            correct++;
          }
        }
      }
    }
    return (double) correct / split.n();
  }
}
