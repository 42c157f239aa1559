package dev.sure4j.cli.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.speech.device.Devices;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.heads.UtteranceClassifierHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sure4j side of the encoder benchmark (bench/run.sh runs both sides): on the HuBERT-base
 * geometry with random weights and every dropout at 0, the time of one inference pass and of one
 * training step (forward, backward, AdamW) per method, on 4 utterances x 2 s at 16 kHz, with the
 * same head, loss and optimizer as bench/pytorch_bench.py. Prints one JSON object per line.
 *
 * <p>Usage: {@code EncoderBench [method] [repeats] [device]}, method one of inference, full, lora
 * (SURE's six linears per layer), lora_qv (the query and value projections only), bottleneck,
 * conv_adapter, prefix (default: inference); device {@code cpu}, {@code gpu} or {@code gpu:N}
 * (default: the engine's default device). The peak memory reported is the process's resident host
 * memory, whatever the device.
 */
public final class EncoderBench {

  private static final int BATCH = 4;
  private static final int SAMPLES = 32_000;

  private EncoderBench() {}

  /**
   * Runs one method and prints its JSON line.
   *
   * @param args method, repeats and device
   * @throws IOException when /proc cannot be read
   */
  public static void main(String[] args) throws IOException {
    String method = args.length > 0 ? args[0] : "inference";
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Device device =
        args.length > 2
            ? Devices.check(Devices.parse(args[2]))
            : Engine.getInstance().defaultDevice();
    Engine.getInstance().setRandomSeed(0);
    List<Double> times = new ArrayList<>();
    long trainable;
    try (NDManager manager = NDManager.newBaseManager(device)) {
      SpeechEncoder encoder = new SpeechEncoder(withoutDropout(EncoderConfig.base()));
      encoder.initialize(manager, DataType.FLOAT32, new Shape(BATCH, SAMPLES));
      NDArray waves = manager.randomNormal(new Shape(BATCH, SAMPLES));
      if (method.equals("inference")) {
        trainable = 0;
        for (int i = 0; i < repeats + 2; i++) {
          try (NDManager batch = manager.newSubManager()) {
            NDArray w = waves.duplicate();
            w.attach(batch);
            long t0 = System.nanoTime();
            encoder.encode(w, null).lastHiddenState().toFloatArray();
            record(times, i, t0);
          }
        }
      } else {
        AdapterModel model = AdapterModel.wrap(encoder);
        UtteranceClassifierHead head =
            UtteranceClassifierHead.builder().setHiddenSize(768).setNumClasses(5).build();
        head.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 768), new Shape(1, 1));
        model.addAdapter(method, spec(method), head).setActiveAdapters(method);
        trainable = model.trainableParameters().trainable();
        try (Model djl = Model.newInstance("bench", device)) {
          djl.setBlock(model);
          try (Trainer trainer =
              djl.newTrainer(
                  new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                      .optOptimizer(
                          Optimizer.adamW()
                              .optLearningRateTracker(Tracker.fixed(1e-4f))
                              .optWeightDecays(0f)
                              .build())
                      .optDevices(new Device[] {device}))) {
            trainer.initialize(new Shape(BATCH, SAMPLES));
            model.applyFreezing();
            for (int i = 0; i < repeats + 2; i++) {
              try (NDManager bm = manager.newSubManager()) {
                NDArray w = waves.duplicate();
                w.attach(bm);
                NDList labels = new NDList(bm.create(new float[] {0, 1, 2, 3}));
                long t0 = System.nanoTime();
                try (Batch b = new Batch(bm, new NDList(w), labels, BATCH, null, null, 0, 1)) {
                  EasyTrain.trainBatch(trainer, b);
                  trainer.step();
                }
                record(times, i, t0);
              }
            }
          }
        }
      }
    }
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"side\": \"sure4j\", \"engine\": \"PyTorch %s\", \"method\": \"%s\", \"threads\": \"%s\","
                + " \"median_ms\": %.1f, \"min_ms\": %.1f, \"repeats\": %d,"
                + " \"trainable_params\": %d, \"peak_rss_mb\": %.1f, \"load\": \"%s\"}",
            Engine.getInstance().getVersion(),
            method,
            System.getProperty("ai.djl.pytorch.num_threads", "engine default"),
            sorted[sorted.length / 2],
            sorted[0],
            repeats,
            trainable,
            peakRssMb(),
            Stopwatch.load()));
  }

  private static void record(List<Double> times, int i, long t0) {
    if (i >= 2) {
      times.add((System.nanoTime() - t0) / 1e6);
    }
  }

  private static AdapterSpec spec(String method) {
    Map<String, AdapterSpec> specs =
        Map.of(
            "full", FullFineTuneSpec.all(),
            "lora", LoraSpec.builder().build(),
            "lora_qv", LoraSpec.builder().optTargets(Targets.modules("q_proj", "v_proj")).build(),
            "bottleneck", BottleneckSpec.builder().build(),
            "conv_adapter", ConvAdapterSpec.builder().build(),
            "prefix", PrefixSpec.builder().optDropout(0).build());
    AdapterSpec s = specs.get(method);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown method '" + method + "'; one of inference, " + specs.keySet());
    }
    return s;
  }

  static EncoderConfig withoutDropout(EncoderConfig c) {
    return new EncoderConfig(
        c.modelType(),
        c.convDim(),
        c.convKernel(),
        c.convStride(),
        c.convBias(),
        c.featExtractNorm(),
        c.doStableLayerNorm(),
        c.featProjLayerNorm(),
        c.numConvPosEmbeddings(),
        c.numConvPosEmbeddingGroups(),
        c.numHiddenLayers(),
        c.numAttentionHeads(),
        c.intermediateSize(),
        c.hiddenSize(),
        c.layerNormEps(),
        c.hiddenAct(),
        0f,
        0f,
        0f,
        0f,
        0f);
  }

  static double peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
