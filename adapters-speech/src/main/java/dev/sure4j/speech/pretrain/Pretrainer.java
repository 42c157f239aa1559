package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.Gradients;
import dev.sure4j.adapters.train.LrSchedule;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.adapters.train.TrainingEngine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link MaskedPredictionModel} on the shared {@link TrainingEngine}: {@link AdamW} with
 * linear warm-up and linear decay ({@link LrSchedule}), global-norm clipping, one log line every
 * {@code logEvery} steps, then the masked-unit score on held-out utterances. An update whose loss
 * or gradients are not finite is skipped and logged with the parameters whose values are not finite
 * (or the largest gradients); more than five in a row end the run.
 *
 * <p><b>Batches.</b> Each epoch shuffles the utterances, sorts each window of eight batches by
 * length (less padding) and cuts it into batches of {@code batchSize}; the batch order is then
 * shuffled. Masks are drawn from the same seeded source, dropout from the engine seed set before
 * every step, so the same seed gives the same run on the same machine and thread count.
 */
public final class Pretrainer {

  private static final int SORT_WINDOW_BATCHES = 8;
  private static final long HELD_OUT_MASK_SEED = 0x6d61736bL;
  private static final int MAX_CONSECUTIVE_SKIPS = 5;

  private final PretrainConfig config;
  private final PrintStream log;

  /**
   * Creates a trainer.
   *
   * @param config the run settings
   * @param log where progress lines go
   */
  public Pretrainer(PretrainConfig config, PrintStream log) {
    checkArgument(config != null && log != null, "config and log must not be null");
    this.config = config;
    this.log = log;
  }

  /**
   * Trains the model in place on the device its parameters live on, then scores it on the held-out
   * utterances.
   *
   * @param model an initialised model
   * @param train training utterances
   * @param heldOut held-out utterances (may be empty)
   * @return the measurements
   */
  public PretrainResult train(
      MaskedPredictionModel model, List<UnitUtterance> train, List<UnitUtterance> heldOut) {
    checkArgument(model.isInitialized(), "initialise the model before training");
    checkArgument(!train.isEmpty(), "no training utterance");
    SpanMasker masker = new SpanMasker(config.maskProb(), config.spanLength());
    LrSchedule schedule =
        LrSchedule.of(
            LrSchedule.Kind.LINEAR, config.learningRate(), config.warmupSteps(), config.steps());
    TrainingConfig training =
        TrainingConfig.builder()
            .optLearningRate(config.learningRate())
            .optWeightDecay(config.weightDecay())
            .optGradientAccumulationSteps(1)
            .optMaxGradNorm(config.maxGradNorm())
            .optSeed(config.seed())
            .build();
    AdamW adamW = training.newAdamW(schedule, 0);
    Random rng = new Random(config.seed());
    List<Double> losses = new ArrayList<>();
    List<List<UnitUtterance>> epoch = new ArrayList<>();
    long skipped;
    long start = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) config.seed());
    try (TrainingEngine engine =
        TrainingEngine.builder()
            .setBlock(model)
            .setLoss(new MaskedUnitLoss())
            .setOptimizer(adamW)
            .optName("hubert-pretraining")
            .optDevice(deviceOf(model))
            .optConfig(training)
            .optMaxConsecutiveSkips(MAX_CONSECUTIVE_SKIPS)
            .optSkipReport(s -> report(s, model))
            .optWarnings(log::println)
            .build()) {
      engine.run(
          config.steps(),
          manager -> {
            if (epoch.isEmpty()) {
              epoch.addAll(batches(train, rng));
            }
            List<UnitUtterance> utterances = epoch.remove(epoch.size() - 1);
            UnitBatch batch =
                UnitBatch.of(manager, utterances, model.encoder().config(), masker, rng);
            return new MicroBatch(batch.data(), batch.labels());
          },
          e -> {
            long step = e.step();
            if (step % config.logEvery() == 0 || step == config.steps()) {
              double loss = e.takeMeanLoss();
              losses.add(loss);
              double elapsed = (System.nanoTime() - start) / 1e9;
              log.printf(
                  Locale.ROOT,
                  "step %d/%d  lr %.2e  loss %.4f  %.0f s (eta %.0f s)%n",
                  step,
                  config.steps(),
                  schedule.valueAt(step - 1),
                  loss,
                  elapsed,
                  elapsed / step * (config.steps() - step));
            }
          });
      skipped = engine.skippedSteps();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    MaskedUnitScore score =
        heldOut.isEmpty()
            ? new MaskedUnitScore(Double.NaN, Double.NaN, 0, Double.NaN)
            : evaluate(model, heldOut, majorityUnit(train, model.units()));
    return new PretrainResult(
        config.steps(),
        losses.get(0),
        losses.get(losses.size() - 1),
        score.accuracy(),
        score.loss(),
        score.maskedFrames(),
        score.majorityAccuracy(),
        seconds,
        Math.toIntExact(skipped),
        losses);
  }

  /**
   * Scores masked-unit prediction in inference mode. The masks come from a fixed seed, so every
   * model is scored on the same frames.
   *
   * @param model the model
   * @param utterances held-out utterances
   * @param majorityUnit the unit a constant guess would predict
   * @return the score
   */
  public MaskedUnitScore evaluate(
      MaskedPredictionModel model, List<UnitUtterance> utterances, int majorityUnit) {
    SpanMasker masker = new SpanMasker(config.maskProb(), config.spanLength());
    Random rng = new Random(HELD_OUT_MASK_SEED);
    List<UnitUtterance> sorted = new ArrayList<>(utterances);
    sorted.sort(Comparator.comparingInt(u -> u.wave().length));
    long correct = 0;
    long frames = 0;
    long majority = 0;
    double lossSum = 0;
    MaskedUnitLoss loss = new MaskedUnitLoss();
    for (int i = 0; i < sorted.size(); i += config.batchSize()) {
      List<UnitUtterance> part = sorted.subList(i, Math.min(sorted.size(), i + config.batchSize()));
      try (NDManager manager = NDManager.newBaseManager(deviceOf(model))) {
        UnitBatch batch = UnitBatch.of(manager, part, model.encoder().config(), masker, rng);
        NDList out = model.forward(new ParameterStore(manager, false), batch.data(), false);
        long[] cc =
            MaskedUnitLoss.correctAndCount(
                out.get(0), batch.labels().get(0), batch.labels().get(1));
        correct += cc[0];
        frames += cc[1];
        lossSum += loss.evaluate(batch.labels(), out).getFloat() * cc[1];
        NDArray isMajority = batch.labels().get(0).eq(majorityUnit).toType(DataType.FLOAT32, false);
        majority += Math.round(isMajority.mul(batch.labels().get(1)).sum().getFloat());
      }
    }
    return new MaskedUnitScore(
        (double) correct / frames, lossSum / frames, frames, (double) majority / frames);
  }

  /**
   * Returns the most frequent unit over the training frames.
   *
   * @param train utterances
   * @param units {@code K}
   * @return the unit
   */
  public static int majorityUnit(List<UnitUtterance> train, int units) {
    long[] counts = new long[units];
    for (UnitUtterance u : train) {
      for (int v : u.units()) {
        counts[v]++;
      }
    }
    int best = 0;
    for (int k = 1; k < units; k++) {
      if (counts[k] > counts[best]) {
        best = k;
      }
    }
    return best;
  }

  private List<List<UnitUtterance>> batches(List<UnitUtterance> train, Random rng) {
    List<UnitUtterance> order = new ArrayList<>(train);
    Collections.shuffle(order, rng);
    int window = config.batchSize() * SORT_WINDOW_BATCHES;
    List<List<UnitUtterance>> out = new ArrayList<>();
    for (int i = 0; i < order.size(); i += window) {
      List<UnitUtterance> w = new ArrayList<>(order.subList(i, Math.min(order.size(), i + window)));
      w.sort(Comparator.comparingInt(u -> u.wave().length));
      for (int j = 0; j < w.size(); j += config.batchSize()) {
        out.add(new ArrayList<>(w.subList(j, Math.min(w.size(), j + config.batchSize()))));
      }
    }
    Collections.shuffle(out, rng);
    return out;
  }

  /** The device the model was initialised on; training and scoring run there. */
  private static Device deviceOf(MaskedPredictionModel model) {
    return model.getParameters().valueAt(0).getArray().getDevice();
  }

  /**
   * Describes a skipped update: what the engine found not finite, then the parameters whose values
   * are not finite, or, when everything is finite, the three largest gradients.
   */
  private static String report(TrainingEngine.SkippedUpdate skipped, MaskedPredictionModel model) {
    Map<String, Parameter> params = StateDict.of(model, "");
    List<String> badValues = new ArrayList<>();
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray w = e.getValue().getArray().duplicate();
        w.attach(scope);
        if (w.isNaN().any().getBoolean() || w.isInfinite().any().getBoolean()) {
          badValues.add(e.getKey());
        }
      }
    }
    String detail =
        !badValues.isEmpty()
            ? "values not finite: " + badValues
            : skipped.nonFiniteGradients().isEmpty()
                ? "all parameters and gradients finite; largest gradients: "
                    + Gradients.largest(params, 3)
                : "parameter values finite";
    return String.format(
        Locale.ROOT,
        "step %d: %s (%s); update skipped",
        skipped.step(),
        skipped.describe(),
        detail);
  }
}
