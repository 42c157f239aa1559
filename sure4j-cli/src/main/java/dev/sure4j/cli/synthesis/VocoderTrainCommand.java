package dev.sure4j.cli.synthesis;

import ai.djl.ndarray.NDManager;
import dev.sure4j.cli.options.DataOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.cli.options.SeedOption;
import dev.sure4j.cli.options.TrainingThreadsOption;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.data.TtsUtterance;
import dev.sure4j.speech.vocoder.train.VocoderCorpus;
import dev.sure4j.speech.vocoder.train.VocoderPreset;
import dev.sure4j.speech.vocoder.train.VocoderTrainer;
import dev.sure4j.speech.vocoder.train.VocoderTrainingOptions;
import dev.sure4j.speech.vocoder.train.VocoderTrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./sure4j vocoder-train}: trains a HiFi-GAN generator with the reference discriminators and
 * losses on the training recordings of a TTS corpus, with the features of the bundled TTS model
 * ({@link MelConfig#hifigan()}: 22,050 Hz, hop 256, 80 mels). {@code --out} becomes a vocoder
 * directory that {@code ./sure4j tts --vocoder} and {@code ./sure4j vocode --vocoder} load, and
 * holds the run's checkpoint for {@code --resume}.
 */
@Command(
    name = "vocoder-train",
    description =
        "Train a HiFi-GAN vocoder (generator and discriminators) on the training split of --data"
            + " (a directory with a TTS manifest base.csv, as data/mini/tts, or ljspeech:DIR,"
            + " libritts:DIR or manifest:FILE); --out is the vocoder directory (config.json,"
            + " generator.safetensors) and the run directory.")
public final class VocoderTrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataOption input;

  @Option(
      names = "--config",
      defaultValue = "tiny",
      description =
          "Geometry: v3 (the reference config_v3 generator and discriminators) or tiny (32"
              + " channels, 16 times narrower discriminators) (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(
      names = "--steps",
      required = true,
      description = "Updates to reach (each a discriminator and a generator step).")
  long steps;

  @Mixin OutputOption output;

  @Option(names = "--resume", description = "Continue the run from its checkpoint in --out.")
  boolean resume;

  @Option(
      names = "--batch-size",
      description = "Segments per update (default: the config's, 16 for v3, 4 for tiny).")
  Integer batchSize;

  @Option(
      names = "--segment",
      defaultValue = "8192",
      description = "Samples per training segment, a multiple of 256 (default: ${DEFAULT-VALUE}).")
  int segment;

  @Option(
      names = "--lr",
      defaultValue = "2e-4",
      description = "Initial AdamW learning rate of both parts (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--save-every",
      defaultValue = "50",
      description = "Updates between checkpoints (default: ${DEFAULT-VALUE}).")
  int saveEvery;

  @Mixin TrainingThreadsOption threads;

  @Mixin SeedOption seed;

  @Override
  public Integer call() throws Exception {
    new DeviceOption().deviceWithThreads(threads.value());
    VocoderPreset preset;
    VocoderTrainingOptions options;
    String corpusSpec;
    try {
      corpusSpec = corpusSpec(input.value());
      preset = VocoderPreset.parse(config);
      options =
          new VocoderTrainingOptions(
              preset,
              steps,
              batchSize == null ? preset.batch() : batchSize,
              segment,
              learningRate,
              seed.value(),
              saveEvery);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    MelConfig mel = MelConfig.hifigan();
    List<Path> files =
        TtsCorpus.read(corpusSpec).train().stream().map(TtsUtterance::audio).toList();
    VocoderCorpus corpus;
    try (NDManager manager = NDManager.newBaseManager()) {
      corpus = VocoderCorpus.load(files, mel, segment, manager);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    System.out.printf(
        Locale.ROOT,
        "data %s: %d training recordings; %s, batch %d, segments of %d samples%n",
        input.value(),
        corpus.size(),
        preset.name().toLowerCase(Locale.ROOT),
        options.batch(),
        segment);
    VocoderTrainingResult r =
        VocoderTrainer.train(corpus, mel, options, output.path(), resume, System.out);
    System.out.printf(
        Locale.ROOT,
        "trained %d updates in %.1f s (mel L1 %.4f -> %.4f); vocoder written to %s%n",
        r.steps(),
        r.seconds(),
        r.firstMelL1(),
        r.lastMelL1(),
        r.generator());
    return 0;
  }

  /**
   * Returns the corpus spec of a {@code --data} value: a directory holding {@code base.csv} is its
   * manifest, anything else is passed on.
   */
  static String corpusSpec(String data) {
    Path dir = Path.of(data);
    if (!data.contains(":") && Files.isDirectory(dir)) {
      Path manifest = dir.resolve("base.csv");
      if (!Files.isRegularFile(manifest)) {
        throw new IllegalArgumentException(
            "--data " + data + " is a directory without a base.csv manifest");
      }
      return "manifest:" + manifest;
    }
    return data;
  }
}
