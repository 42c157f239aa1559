package dev.sure4j.cli.pretrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.SeedOption;
import dev.sure4j.cli.options.TrainingThreadsOption;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.PreprocessorConfig;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.pretrain.HubertExporter;
import dev.sure4j.speech.pretrain.KaldiMfcc;
import dev.sure4j.speech.pretrain.MaskedPredictionModel;
import dev.sure4j.speech.pretrain.MaskedUnitScore;
import dev.sure4j.speech.pretrain.MfccFeatures;
import dev.sure4j.speech.pretrain.PretrainConfig;
import dev.sure4j.speech.pretrain.PretrainResult;
import dev.sure4j.speech.pretrain.Pretrainer;
import dev.sure4j.speech.pretrain.UnitLabeler;
import dev.sure4j.speech.pretrain.UnitUtterance;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j pretrain}: pretrains the bundled small HuBERT backbone on the train splits of the
 * five mini tasks (never their val or test audio; the val splits only score held-out masked-unit
 * accuracy) and writes a Hugging Face checkpoint directory with a model card.
 */
@Command(
    name = "pretrain",
    description =
        "HuBERT-style masked prediction of k-means MFCC units on the mini corpus train splits.")
public final class PretrainCommand implements Callable<Integer> {

  /** The mini-corpus tasks whose train splits form the pretraining data. */
  public static final List<String> TASKS = List.of("kws", "speaker", "emotion", "intent", "ctc");

  @Option(
      names = "--data",
      defaultValue = "data/mini",
      description = "Mini corpus root (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--out",
      defaultValue = "models/mini-hubert",
      description = "Checkpoint directory to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--steps",
      defaultValue = "1500",
      description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--clusters",
      defaultValue = "100",
      description = "K-means units (default: ${DEFAULT-VALUE}).")
  int clusters;

  @Mixin SeedOption seedOption;

  @Mixin TrainingThreadsOption threads;

  @Option(
      names = "--batch-size",
      defaultValue = "16",
      description = "Utterances per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      description = "AdamW peak learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  /**
   * The backbone geometry: 7 convolutions of 64 channels (standard kernels and strides), group
   * norm, post-LN, 4 layers of width 128 with 4 heads and FFN 512, positional convolution 32 wide
   * in 8 groups; dropouts 0.1 (activation and feature-projection dropout 0, no layer drop).
   *
   * @return the config
   */
  public static EncoderConfig geometry() {
    return HubertGeometry.small(64, 128, 512, 0.1f);
  }

  @Mixin DeviceOption device;

  @Option(
      names = "--probe",
      defaultValue = "true",
      negatable = true,
      description =
          "After training, fit a frozen-feature probe on kws train and score it on kws test, for"
              + " the pretrained and the initial weights (default: ${DEFAULT-VALUE}).")
  boolean probe;

  @Override
  public Integer call() throws Exception {
    Device onDevice = device.deviceWithThreads(threads.value());
    long seed = seedOption.value();
    long t0 = System.nanoTime();
    String loadAtStart = PretrainData.loadAverage();
    PreprocessorConfig pre = new PreprocessorConfig(true, 16000, 1, 0f, true);
    AudioPipeline pipeline = AudioPipeline.builder().optConfig(pre).build();
    List<ManifestEntry> trainEntries = PretrainData.entries(data, TASKS, "train");
    List<ManifestEntry> valEntries = PretrainData.entries(data, TASKS, "val");
    List<float[]> trainWaves = PretrainData.load(pipeline, trainEntries);
    List<float[]> valWaves = PretrainData.load(pipeline, valEntries);
    double trainSeconds = trainWaves.stream().mapToDouble(w -> w.length / 16000.0).sum();
    System.out.printf(
        Locale.ROOT,
        "data: %d train clips (%.1f s) from %s/{%s}/train.csv; %d val clips held out%n",
        trainWaves.size(),
        trainSeconds,
        data,
        String.join(",", TASKS),
        valWaves.size());

    MfccFeatures features = new MfccFeatures(KaldiMfcc.encoderAligned(), true);
    UnitLabeler labeler = UnitLabeler.fit(features, trainWaves, clusters, 50, seed);
    System.out.printf(
        Locale.ROOT,
        "k-means: %d units of %d-dim MFCC features, %d iterations (%.1f s)%n",
        clusters,
        features.dimension(),
        labeler.kmeans().iterations(),
        (System.nanoTime() - t0) / 1e9);
    List<UnitUtterance> train = PretrainData.utterances(trainEntries, trainWaves, labeler);
    List<UnitUtterance> val = PretrainData.utterances(valEntries, valWaves, labeler);

    PretrainConfig config =
        PretrainConfig.builder()
            .optSteps(steps)
            .optBatchSize(batchSize)
            .optLearningRate(learningRate)
            .optSeed(seed)
            .build();
    EncoderConfig geometry = geometry();
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      Engine.getInstance().setRandomSeed((int) seed);
      MaskedPredictionModel model =
          new MaskedPredictionModel(new SpeechEncoder(geometry), clusters, 64);
      model.initialize(manager, DataType.FLOAT32, new Shape(1, 16000), new Shape(1), new Shape(1));
      long params =
          model.encoder().getParameters().values().stream()
              .mapToLong(p -> p.getArray().size())
              .sum();
      Pretrainer trainer = new Pretrainer(config, System.out);
      int majority = Pretrainer.majorityUnit(train, clusters);
      MaskedUnitScore initial = trainer.evaluate(model, val, majority);
      System.out.printf(
          Locale.ROOT,
          "backbone: %,d parameters; held-out masked-unit accuracy at init %.4f%n",
          params,
          initial.accuracy());
      PretrainResult result = trainer.train(model, train, val);
      System.out.printf(
          Locale.ROOT,
          "done: %d steps in %.0f s; loss %.3f -> %.3f; held-out masked-unit accuracy %.4f"
              + " (loss %.3f, %d frames) vs chance %.4f (1/K) and majority unit %.4f; at init"
              + " %.4f%n",
          result.steps(),
          result.seconds(),
          result.firstLoss(),
          result.finalLoss(),
          result.heldOutAccuracy(),
          result.heldOutLoss(),
          result.heldOutMaskedFrames(),
          1.0 / clusters,
          result.majorityAccuracy(),
          initial.accuracy());
      Map<String, Object> extra =
          Map.of(
              "mask_time_prob", config.maskProb(),
              "mask_time_length", config.spanLength());
      HubertExporter.write(model, pre, extra, out);
      ProbeResult probeResult = null;
      if (probe) {
        Engine.getInstance().setRandomSeed((int) seed);
        SpeechEncoder initialWeights = new SpeechEncoder(geometry);
        initialWeights.initialize(manager, DataType.FLOAT32, new Shape(1, 16000));
        probeResult = PretrainData.probe(data, pipeline, model.encoder(), initialWeights);
        System.out.print(probeResult.table());
      }
      ModelCard card =
          new ModelCard(
              geometry,
              params,
              trainWaves.size(),
              trainSeconds,
              valWaves.size(),
              clusters,
              config,
              result,
              initial,
              (System.nanoTime() - t0) / 1e9,
              threads.value(),
              probeResult,
              "at start " + loadAtStart + ", at end " + PretrainData.loadAverage());
      HubertExporter.writeText(out.resolve("README.md"), card.render());
      System.out.println("wrote " + out);
    }
    return 0;
  }
}
