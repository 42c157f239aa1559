package dev.sure4j.cli.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    List<Double> times;
    long trainable;
    String roofline = "";
    try (NDManager manager = NDManager.newBaseManager(device)) {
      SpeechEncoder encoder = new SpeechEncoder(withoutDropout(EncoderConfig.base()));
      encoder.initialize(manager, DataType.FLOAT32, new Shape(BATCH, SAMPLES));
      NDArray waves = manager.randomNormal(new Shape(BATCH, SAMPLES));
      if (method.equals("inference")) {
        trainable = 0;
        times = BenchPasses.inference(manager, encoder, waves, 2, repeats);
        roofline = roofline(manager, encoder.config(), Stopwatch.median(times));
      } else {
        AdapterModel model = BenchPasses.withAdapter(manager, encoder, method, spec(method), 5);
        trainable = model.trainableParameters().trainable();
        times = BenchPasses.steps(manager, model, waves, device, 5, 2, repeats);
      }
    }
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"side\": \"sure4j\", \"engine\": \"PyTorch %s\", \"method\": \"%s\", \"threads\": \"%s\","
                + " \"median_ms\": %.1f, \"min_ms\": %.1f, \"repeats\": %d,"
                + " \"trainable_params\": %d, \"peak_rss_mb\": %.1f, \"load\": \"%s\"%s}",
            Engine.getInstance().getVersion(),
            method,
            System.getProperty("ai.djl.pytorch.num_threads", "engine default"),
            sorted[sorted.length / 2],
            sorted[0],
            repeats,
            trainable,
            peakRssMb(),
            Stopwatch.load(),
            roofline));
  }

  /**
   * The inference pass's achieved rate ({@link EncoderFlops}) against the matrix-multiply roofline
   * at the layer's shapes ({@link GemmRoofline}, 20 products per shape, measured right after), as
   * JSON fields.
   */
  private static String roofline(NDManager manager, EncoderConfig config, double medianMs) {
    EncoderFlops flops = EncoderFlops.of(config, BATCH, SAMPLES);
    double achieved = GemmShape.gflops(flops.forward(), medianMs);
    GemmRoofline r = GemmRoofline.measure(manager, config, BATCH * flops.frames(), 20);
    return String.format(
        Locale.ROOT,
        ", \"gflops\": %.1f, \"roofline_gflops\": %.1f, \"roofline_best_gflops\": %.1f,"
            + " \"roofline_share\": %.3f",
        achieved,
        r.layerMedianGflops(),
        r.layerBestGflops(),
        achieved / r.layerMedianGflops());
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
