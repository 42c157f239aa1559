package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.LrSchedule;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.TrainingEngine;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.data.TtsBatch;
import dev.sure4j.speech.tts.data.TtsDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link TtsTrainingBlock} on the project's one {@link TrainingEngine}: random batches of
 * the data set, {@link TtsLoss}, AdamW with a linear warm-up, global-norm clipping. What trains is
 * decided by the freezing step ({@link TtsMethod#freezing}): everything for base training, an
 * adapter, the speaker table, or every model parameter for adaptation, each with or without the
 * alignment encoder. {@link TtsTrainingResult} counts the model's and the aligner's trained values
 * apart.
 */
public final class TtsTrainer {

  private final TtsTrainingOptions options;
  private final PrintStream log;
  private final Duration budget;

  /**
   * Creates a trainer that runs all of {@link TtsTrainingOptions#steps()}.
   *
   * @param options the run's settings
   * @param log where progress lines go
   */
  public TtsTrainer(TtsTrainingOptions options, PrintStream log) {
    this(options, log, Duration.ZERO);
  }

  /**
   * Creates a trainer that also stops after the first update that ends past a wall-clock budget
   * (the learning rate is constant after the warm-up, so a stopped run is a shorter run).
   *
   * @param options the run's settings
   * @param log where progress lines go
   * @param budget the training time budget (wall clock, from the first step), zero for none
   */
  public TtsTrainer(TtsTrainingOptions options, PrintStream log, Duration budget) {
    checkArgument(!budget.isNegative(), "time budget must be >= 0: %s", budget);
    this.options = options;
    this.log = log;
    this.budget = budget;
  }

  /**
   * Trains the block in place, on the device its parameters live on.
   *
   * @param block the model and aligner, initialised
   * @param data the training utterances with their features
   * @param stats the pitch and energy statistics
   * @param freezing freezes what must not train; runs once the engine's trainer exists
   * @return the measurements
   */
  public TtsTrainingResult train(
      TtsTrainingBlock block, TtsDataset data, FeatureStats stats, Runnable freezing) {
    return train(block, data, stats, freezing, step -> {});
  }

  /** Called after every applied update, for example to save a checkpoint. */
  @FunctionalInterface
  public interface StepHook {
    /**
     * Reacts to an update.
     *
     * @param step the number of the update just applied (1 for the first)
     * @throws IOException when a checkpoint cannot be written
     */
    void afterStep(long step) throws IOException;
  }

  /**
   * Trains the block in place, calling a hook after every update.
   *
   * @param block the model and aligner, initialised
   * @param data the training utterances with their features
   * @param stats the pitch and energy statistics
   * @param freezing freezes what must not train; runs once the engine's trainer exists
   * @param hook called after every applied update
   * @return the measurements
   * @throws UncheckedIOException when the hook fails
   */
  public TtsTrainingResult train(
      TtsTrainingBlock block,
      TtsDataset data,
      FeatureStats stats,
      Runnable freezing,
      StepHook hook) {
    List<TtsLossParts> parts = new ArrayList<>();
    Random random = new Random(options.seed());
    LrSchedule schedule =
        LrSchedule.of(
            LrSchedule.Kind.CONSTANT,
            options.learningRate(),
            Math.max(1, options.steps() / 20),
            options.steps());
    AdamW adamW = AdamW.builder().optLearningRateTracker(schedule).optWeightDecays(0f).build();
    Engine.getInstance().setRandomSeed((int) options.seed());
    long start = System.nanoTime();
    try (TrainingEngine engine =
        TrainingEngine.builder()
            .setBlock(block)
            .setLoss(new TtsLoss(options.alignWeight(), parts::add))
            .setOptimizer(adamW)
            .optName("tts")
            .optDevice(block.getParameters().valueAt(0).getArray().getDevice())
            .optFreezing(freezing)
            .optMaxGradNorm(options.maxGradNorm())
            .optSeed(options.seed())
            .optWarnings(log::println)
            .build()) {
      TrainingEngine.BatchSource source =
          m -> {
            TtsBatch b = data.sample(m, random, options.batchSize(), stats);
            return new MicroBatch(b.data(), b.labels());
          };
      TrainingEngine.StepListener listener =
          e -> {
            try {
              hook.afterStep(e.step());
            } catch (IOException x) {
              throw new UncheckedIOException("step " + e.step() + ": " + x.getMessage(), x);
            }
            double loss = e.takeMeanLoss();
            if (e.step() % options.logEvery() == 0 || e.step() == options.steps()) {
              TtsLossParts p = parts.get(parts.size() - 1);
              log.printf(
                  Locale.ROOT,
                  "step %d/%d  loss %.4f  mel %.4f  postnet %.4f  duration %.4f  pitch %.4f"
                      + "  energy %.4f  align %.4f  %.0f s%n",
                  e.step(),
                  options.steps(),
                  loss,
                  p.mel(),
                  p.postnetMel(),
                  p.duration(),
                  p.pitch(),
                  p.energy(),
                  p.align(),
                  (System.nanoTime() - start) / 1e9);
            }
          };
      while (engine.step() < options.steps()) {
        engine.run(engine.step() + 1, source, listener);
        if (!budget.isZero() && System.nanoTime() - start > budget.toNanos()) {
          log.printf(
              Locale.ROOT,
              "time budget of %d s reached after step %d of %d%n",
              budget.toSeconds(),
              engine.step(),
              options.steps());
          break;
        }
      }
      long trainable = 0;
      long aligner = 0;
      for (Map.Entry<String, Parameter> e : engine.trainable().entrySet()) {
        long size = e.getValue().getArray().size();
        if (e.getKey().startsWith(TtsTrainingBlock.ALIGNER + ".")) {
          aligner += size;
        } else {
          trainable += size;
        }
      }
      return new TtsTrainingResult(
          (int) engine.step(),
          engine.skippedSteps(),
          (System.nanoTime() - start) / 1e9,
          parts,
          trainable,
          aligner);
    }
  }
}
