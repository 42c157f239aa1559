package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.EngineCheckpoints;
import dev.sure4j.adapters.train.LrSchedule;
import dev.sure4j.adapters.train.MicroBatch;
import dev.sure4j.adapters.train.ParameterGroup;
import dev.sure4j.adapters.train.TrainingConfig;
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
  private final TtsCheckpoints checkpoints;
  private final List<ParameterGroup> groups;

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
    this(options, log, budget, null, List.of());
  }

  private TtsTrainer(
      TtsTrainingOptions options,
      PrintStream log,
      Duration budget,
      TtsCheckpoints checkpoints,
      List<ParameterGroup> groups) {
    checkArgument(!budget.isNegative(), "time budget must be >= 0: %s", budget);
    this.options = options;
    this.log = log;
    this.budget = budget;
    this.checkpoints = checkpoints;
    this.groups = List.copyOf(groups);
  }

  /**
   * Returns this trainer writing resumable checkpoints, or resuming from them.
   *
   * @param c where, how often, and whether to resume; null for none
   * @return a new trainer
   */
  public TtsTrainer withCheckpoints(TtsCheckpoints c) {
    return new TtsTrainer(options, log, budget, c, groups);
  }

  /**
   * Returns this trainer with optimizer parameter groups, for example {@link
   * ParameterGroup#loraPlus} (LoRA+: {@code lora_B} at {@code ratio} times the learning rate).
   *
   * @param g the groups, first match wins; each must match a trainable parameter
   * @return a new trainer
   */
  public TtsTrainer withParameterGroups(List<ParameterGroup> g) {
    return new TtsTrainer(options, log, budget, checkpoints, g);
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
    EngineCheckpoints ckpt;
    List<TtsLossParts> parts;
    try {
      ckpt =
          checkpoints == null
              ? null
              : EngineCheckpoints.open(
                  checkpoints.dir(), block, "tts", options.seed(), checkpoints.resume());
      parts =
          ckpt == null || ckpt.resumedFrom() == null
              ? new ArrayList<>()
              : new ArrayList<>(TtsCheckpoints.readParts(ckpt.resumedFrom()));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    long first = ckpt == null ? 0 : ckpt.step();
    long[] drawn = {ckpt == null ? 0 : ckpt.batchesDrawn()};
    long skippedBefore = ckpt == null ? 0 : ckpt.skippedSteps();
    double secondsBefore = ckpt == null ? 0 : ckpt.elapsedSeconds();
    Random random = new Random(options.seed());
    data.skip(random, options.batchSize(), drawn[0]);
    LrSchedule schedule =
        LrSchedule.of(
            LrSchedule.Kind.CONSTANT,
            options.learningRate(),
            Math.max(1, options.steps() / 20),
            options.steps());
    TrainingConfig training =
        TrainingConfig.builder()
            .optLearningRate(options.learningRate())
            .optWeightDecay(0)
            .optGradientAccumulationSteps(1)
            .optMaxGradNorm(options.maxGradNorm())
            .optSeed(options.seed())
            .optParameterGroups(groups)
            .build();
    AdamW adamW = training.newAdamW(schedule, first);
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
            .optConfig(training)
            .optFirstStep(first)
            .optWarnings(log::println)
            .build()) {
      if (ckpt != null) {
        ckpt.attach(engine, adamW, d -> TtsCheckpoints.writeParts(parts, d));
        if (first > 0) {
          log.printf("resumed from %s at step %d%n", ckpt.resumedFrom(), first);
        }
      }
      TrainingEngine.BatchSource source =
          m -> {
            drawn[0]++;
            TtsBatch b = data.sample(m, random, options.batchSize(), stats);
            return new MicroBatch(b.data(), b.labels());
          };
      TrainingEngine.StepListener listener =
          e -> {
            double loss = e.takeMeanLoss();
            double seconds = secondsBefore + (System.nanoTime() - start) / 1e9;
            try {
              if (ckpt != null) {
                ckpt.record(e.step(), schedule.valueAt(e.step() - 1), loss, seconds);
                if (e.step() % checkpoints.every() == 0 || e.step() == options.steps()) {
                  ckpt.save(e.step(), drawn[0], skippedBefore + e.skippedSteps(), seconds);
                }
              }
              hook.afterStep(e.step());
            } catch (IOException x) {
              throw new UncheckedIOException("step " + e.step() + ": " + x.getMessage(), x);
            }
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
                  seconds);
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
          if (ckpt != null) {
            ckpt.save(
                engine.step(),
                drawn[0],
                skippedBefore + engine.skippedSteps(),
                secondsBefore + (System.nanoTime() - start) / 1e9);
          }
          break;
        }
      }
      if (ckpt != null) {
        ckpt.writeCurves();
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
          skippedBefore + engine.skippedSteps(),
          secondsBefore + (System.nanoTime() - start) / 1e9,
          parts,
          trainable,
          aligner);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
