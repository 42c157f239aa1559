package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.train.Gradients;
import dev.sure4j.adapters.train.LrSchedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link MaskedPredictionModel}: AdamW with linear warm-up and linear decay ({@link
 * LrSchedule}), global-norm clipping, one log line every {@code logEvery} steps, then the
 * masked-unit score on held-out utterances.
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
   * Trains the model in place, then scores it on the held-out utterances.
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
    Optimizer adamW =
        Optimizer.adamW()
            .optLearningRateTracker(schedule)
            .optWeightDecays(config.weightDecay())
            .build();
    Random rng = new Random(config.seed());
    List<Double> losses = new ArrayList<>();
    int skipped = 0;
    long start = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) config.seed());
    try (Model djl = Model.newInstance("hubert-pretraining")) {
      djl.setBlock(model);
      try (Trainer trainer =
          djl.newTrainer(new DefaultTrainingConfig(new MaskedUnitLoss()).optOptimizer(adamW))) {
        List<Parameter> params = new ArrayList<>();
        model.getParameters().values().forEach(params::add);
        Gradients.zero(params);
        List<List<UnitUtterance>> epoch = new ArrayList<>();
        double sum = 0;
        int count = 0;
        int consecutiveSkips = 0;
        for (int step = 0; step < config.steps(); step++) {
          if (epoch.isEmpty()) {
            epoch = batches(train, rng);
          }
          List<UnitUtterance> utterances = epoch.remove(epoch.size() - 1);
          try (NDManager batchManager = trainer.getManager().newSubManager()) {
            UnitBatch batch =
                UnitBatch.of(batchManager, utterances, model.encoder().config(), masker, rng);
            Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step));
            double value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList predictions = trainer.forward(batch.data(), batch.labels());
              NDArray loss = trainer.getLoss().evaluate(batch.labels(), predictions);
              collector.backward(loss);
              value = loss.getFloat();
            }
            double norm = Gradients.globalNorm(params);
            if (!Double.isFinite(value) || !Double.isFinite(norm)) {
              skipped++;
              String message =
                  String.format(
                      Locale.ROOT,
                      "step %d: loss %s, gradient norm %s (%s); update skipped",
                      step + 1,
                      value,
                      norm,
                      nonFinite(model));
              Gradients.clear(params);
              if (++consecutiveSkips > MAX_CONSECUTIVE_SKIPS) {
                throw new IllegalStateException(
                    message + " " + consecutiveSkips + " times in a row");
              }
              log.println(message);
              continue;
            }
            consecutiveSkips = 0;
            if (config.maxGradNorm() > 0 && norm > config.maxGradNorm()) {
              Gradients.scale(params, config.maxGradNorm() / (norm + 1e-6));
            }
            trainer.step();
            Gradients.zero(params);
            sum += value;
            count++;
          }
          if ((step + 1) % config.logEvery() == 0 || step + 1 == config.steps()) {
            losses.add(sum / count);
            double elapsed = (System.nanoTime() - start) / 1e9;
            log.printf(
                Locale.ROOT,
                "step %d/%d  lr %.2e  loss %.4f  %.0f s (eta %.0f s)%n",
                step + 1,
                config.steps(),
                schedule.valueAt(step),
                sum / count,
                elapsed,
                elapsed / (step + 1) * (config.steps() - step - 1));
            sum = 0;
            count = 0;
          }
        }
      }
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
        skipped,
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
      try (NDManager manager = NDManager.newBaseManager()) {
        UnitBatch batch = UnitBatch.of(manager, part, model.encoder().config(), masker, rng);
        NDList out = model.forward(new ParameterStore(manager, false), batch.data(), false);
        long[] cc =
            MaskedUnitLoss.correctAndCount(
                out.get(0), batch.labels().get(0), batch.labels().get(1));
        correct += cc[0];
        frames += cc[1];
        lossSum += loss.evaluate(batch.labels(), out).getFloat() * cc[1];
        NDArray isMajority =
            batch
                .labels()
                .get(0)
                .eq(majorityUnit)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
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

  /**
   * Sets every gradient to zero, NaN and infinite entries included ({@link Gradients#zero}
   * subtracts the gradient from itself, which leaves NaN in place).
   */

  /** Names the parameters whose values or gradients are not finite. */
  private static String nonFinite(MaskedPredictionModel model) {
    List<String> bad = new ArrayList<>();
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Map.Entry<String, Parameter> e : StateDict.of(model, "").entrySet()) {
        NDArray w = e.getValue().getArray();
        if (!isFinite(w)) {
          bad.add(e.getKey() + " (value)");
        } else if (w.hasGradient()) {
          NDArray g = w.getGradient();
          g.attach(scope);
          if (!isFinite(g)) {
            bad.add(e.getKey() + " (gradient)");
          }
        }
      }
    }
    if (!bad.isEmpty()) {
      return "not finite: " + bad;
    }
    return "all parameters and gradients finite; largest gradients: " + largestGradients(model);
  }

  /** Lists the three parameters with the largest absolute gradient entry. */
  private static String largestGradients(MaskedPredictionModel model) {
    List<Map.Entry<String, Double>> max = new ArrayList<>();
    try (NDManager scope = NDManager.newBaseManager()) {
      for (Map.Entry<String, Parameter> e : StateDict.of(model, "").entrySet()) {
        NDArray w = e.getValue().getArray();
        if (w.hasGradient()) {
          NDArray g = w.getGradient();
          g.attach(scope);
          double m = 0;
          for (float v : g.toFloatArray()) {
            m = Math.max(m, Math.abs(v));
          }
          max.add(Map.entry(e.getKey(), m));
        }
      }
    }
    max.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    return max.subList(0, Math.min(3, max.size())).toString();
  }

  private static boolean isFinite(NDArray x) {
    for (float v : x.toFloatArray()) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
