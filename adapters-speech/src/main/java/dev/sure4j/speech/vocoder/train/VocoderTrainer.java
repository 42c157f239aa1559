package dev.sure4j.speech.vocoder.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.train.AdamW;
import dev.sure4j.adapters.train.EngineCheckpoints;
import dev.sure4j.adapters.train.Gradients;
import dev.sure4j.adapters.train.TrainingEngine;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.TrainableMel;
import dev.sure4j.speech.vocoder.HifiGan;
import dev.sure4j.speech.vocoder.HifiGanConfig;
import dev.sure4j.speech.vocoder.HifiGanGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a HiFi-GAN generator as the reference {@code train.py} does: per update a discriminator
 * step ({@code loss_disc_all} on the recordings and the generator's output, detached) and then a
 * generator step ({@code loss_gen_all}, which sees the just-updated discriminators), on random
 * segments of the recordings.
 *
 * <p>Each step is a {@link TrainingEngine} of its own, with its own {@link AdamW}: the
 * discriminator engine over {@link DiscriminatorObjective} ({@code mpd.*}, {@code msd.*}), the
 * generator engine over {@link GeneratorObjective} ({@code generator.*}), so that each optimizer
 * updates only its part, as the reference's {@code optim_d} and {@code optim_g} do. The generator
 * step leaves gradients in the discriminators, which are cleared before the next discriminator
 * step. The spectral-norm vectors do not train. The generator trains its folded weights (weight
 * norm is a reparametrisation the vocoder directory does not keep).
 *
 * <p>The run directory holds {@link EngineCheckpoints} of everything ({@link VocoderGan}: weights
 * of both parts, the generator's AdamW state as the engine's, the discriminators' in {@value
 * #D_OPTIMIZER}), written atomically as one checkpoint, so {@code --resume} continues a killed run
 * exactly; and the vocoder directory itself ({@link HifiGan#CONFIG}, {@link HifiGan#WEIGHTS}),
 * rewritten at every checkpoint.
 */
public final class VocoderTrainer {

  /** The discriminators' optimizer state inside a checkpoint. */
  public static final String D_OPTIMIZER = "optimizer_d.safetensors";

  private VocoderTrainer() {}

  /**
   * Trains, or resumes training, until {@code options.steps()} updates.
   *
   * @param corpus the recordings
   * @param mel the input features (the TTS model's); the mel loss uses them up to Nyquist
   * @param options the settings
   * @param out the run and vocoder directory
   * @param resume whether to continue from {@code out/last}
   * @param log progress lines
   * @return what was done
   * @throws IOException when a file cannot be written, or the checkpoint cannot be read
   */
  public static VocoderTrainingResult train(
      VocoderCorpus corpus,
      MelConfig mel,
      VocoderTrainingOptions options,
      Path out,
      boolean resume,
      PrintStream log)
      throws IOException {
    VocoderPreset preset = options.preset();
    String json = preset.generatorJson(mel.nMels(), mel.sampleRate());
    HifiGanConfig config = HifiGanConfig.parse(json);
    if (config.hopLength() != mel.hopLength()) {
      throw new IllegalArgumentException(
          "the generator's hop "
              + config.hopLength()
              + " differs from the mel hop "
              + mel.hopLength());
    }
    try (NDManager root = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed((int) options.seed());
      HifiGanGenerator generator = new HifiGanGenerator(config);
      generator.initialize(root, DataType.FLOAT32, new Shape(1, mel.nMels(), 1));
      MultiPeriodDiscriminator mpd = new MultiPeriodDiscriminator(preset.discriminators());
      MultiScaleDiscriminator msd = new MultiScaleDiscriminator(preset.discriminators());
      mpd.initialize(root, DataType.FLOAT32, new Shape(1, 1, 1));
      msd.initialize(root, DataType.FLOAT32, new Shape(1, 1, 1));
      VocoderGan all = new VocoderGan(generator, mpd, msd);
      List<Parameter> buffers =
          StateDict.of(all, "").entrySet().stream()
              .filter(e -> e.getKey().endsWith("weight_u"))
              .map(e -> e.getValue())
              .toList();
      MelConfig lossMel = mel.toBuilder().optFMax(mel.sampleRate() / 2.0).build();
      EngineCheckpoints ckpt =
          EngineCheckpoints.open(
              out, all, "hifigan-" + preset.name().toLowerCase(), options.seed(), resume);
      long done = ckpt.step();
      long perEpoch = Math.max(1, (corpus.size() + options.batch() - 1) / options.batch());
      AdamW adamD = optimizer(options, done, perEpoch);
      AdamW adamG = optimizer(options, done, perEpoch);
      ObjectiveLoss dLoss = new ObjectiveLoss();
      ObjectiveLoss gLoss = new ObjectiveLoss();
      try (TrainingEngine d =
              TrainingEngine.builder()
                  .setBlock(new DiscriminatorObjective(mpd, msd))
                  .setLoss(dLoss)
                  .setOptimizer(adamD)
                  .optName("hifigan-discriminators")
                  .optFirstStep(done)
                  .optFreezing(() -> buffers.forEach(p -> p.freeze(true)))
                  .build();
          TrainingEngine g =
              TrainingEngine.builder()
                  .setBlock(new GeneratorObjective(generator, mpd, msd, TrainableMel.of(lossMel)))
                  .setLoss(gLoss)
                  .setOptimizer(adamG)
                  .optName("hifigan-generator")
                  .optFirstStep(done)
                  .build()) {
        ckpt.attach(g, adamG, dir -> adamD.saveState(d.trainable(), dir.resolve(D_OPTIMIZER)));
        if (ckpt.resumedFrom() != null) {
          adamD.loadState(d.trainable(), ckpt.resumedFrom().resolve(D_OPTIMIZER));
        }
        List<Parameter> dParams = List.copyOf(d.trainable().values());
        double seconds = ckpt.elapsedSeconds();
        double first = Double.NaN;
        double last = Double.NaN;
        for (long step = done + 1; step <= options.steps(); step++) {
          long t0 = System.nanoTime();
          try (NDManager batch = g.newBatchManager()) {
            VocoderCorpus.Segments s =
                corpus.draw(
                    VocoderCorpus.randomFor(options.seed(), step),
                    options.batch(),
                    options.segment(),
                    batch);
            NDArray yHat =
                generator
                    .forward(new ParameterStore(batch, false), new NDList(s.mel()), false)
                    .singletonOrThrow()
                    .stopGradient()
                    .expandDims(1);
            Gradients.zero(dParams);
            d.beginStep();
            d.accumulate(new NDList(s.wave(), yHat), new NDList());
            d.update(1);
            g.beginStep();
            g.accumulate(new NDList(s.mel(), s.wave()), new NDList());
            g.update(1);
          }
          seconds += (System.nanoTime() - t0) / 1e9;
          float[] gp = gLoss.last();
          float lossD = dLoss.last()[0];
          last = gp[1];
          first = Double.isNaN(first) ? last : first;
          double lr = learningRate(options, step, perEpoch);
          ckpt.record(step, lr, gp[0], seconds);
          log.printf(
              "step %d: loss_gen_all %.4f (mel L1 %.4f, feature %.4f, adversarial %.4f),"
                  + " loss_disc_all %.4f, lr %.3g, %.1f s%n",
              step, gp[0], gp[1], gp[2], gp[3], lossD, lr, seconds);
          if (step % options.saveEvery() == 0 || step == options.steps()) {
            writeVocoder(out, json, generator);
            ckpt.save(step, step, d.skippedSteps() + g.skippedSteps(), seconds);
          }
        }
        writeVocoder(out, json, generator);
        ckpt.writeCurves();
        return new VocoderTrainingResult(
            Math.max(done, options.steps()), first, last, seconds, out);
      }
    }
  }

  private static AdamW optimizer(VocoderTrainingOptions o, long done, long perEpoch) {
    Tracker schedule = n -> (float) learningRate(o, n, perEpoch);
    return AdamW.builder()
        .optLearningRateTracker(schedule)
        .optBeta1(0.8)
        .optBeta2(0.99)
        .optBeginNumUpdate((int) done)
        .build();
  }

  /** The learning rate of update {@code step} (from 1): decayed once per completed epoch. */
  private static double learningRate(VocoderTrainingOptions o, long step, long perEpoch) {
    return o.learningRate()
        * Math.pow(VocoderTrainingOptions.DECAY_PER_EPOCH, (step - 1) / perEpoch);
  }

  private static void writeVocoder(Path out, String json, HifiGanGenerator generator)
      throws IOException {
    AtomicFiles.writeString(out.resolve(HifiGan.CONFIG), json);
    ParameterFiles.write(out.resolve(HifiGan.WEIGHTS), StateDict.of(generator, ""));
  }
}
