package dev.sure4j.cli.bench;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.speech.audio.PreprocessorConfig;
import dev.sure4j.speech.device.Devices;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.pretrain.HubertExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j bench-serving}: the serving and efficiency figures of docs/benchmarks.md on the
 * HuBERT-base geometry with random weights (4 utterances x 2 s, as {@link EncoderBench}): the
 * matrix-multiply roofline, bare vs merged vs unmerged LoRA inference, adapter switch time, merge
 * and unmerge cost, checkpoint load time, achieved GFLOP/s per training step ({@link EncoderFlops})
 * and peak memory per method (one process each). Prints Markdown, every figure with the load
 * average at the time.
 */
@Command(
    name = "bench-serving",
    description =
        "Serving and efficiency benchmark on the HuBERT-base geometry (docs/benchmarks.md).")
public final class BenchServingCommand implements Callable<Integer> {

  private static final int BATCH = 4;
  private static final int SAMPLES = 32_000;
  private static final int HEAD_PROJECTOR = 256;
  private static final int HEAD_CLASSES = 5;
  private static final List<String> METHODS =
      List.of("inference", "full", "lora", "lora_qv", "bottleneck", "conv_adapter", "prefix");

  @Mixin DeviceOption device;

  private Device onDevice;

  @Option(
      names = "--repeats",
      defaultValue = "10",
      description = "Timed inference rounds and load repetitions (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--switches",
      defaultValue = "200",
      description = "Timed adapter switches (default ${DEFAULT-VALUE}).")
  int switches;

  @Option(
      names = "--step-repeats",
      defaultValue = "3",
      description = "Timed training steps per method process (default ${DEFAULT-VALUE}).")
  int stepRepeats;

  @Option(
      names = "--only-methods",
      description = "Run only the roofline and the per-method training processes.")
  boolean onlyMethods;

  @Option(names = "--skip-methods", description = "Skip the per-method training processes.")
  boolean skipMethods;

  @Override
  public Integer call() throws Exception {
    checkArgument(repeats >= 1 && switches >= 1 && stepRepeats >= 1, "counts must be >= 1");
    onDevice = device.device(); // an unknown or absent device ends the command here
    Engine.getInstance().setRandomSeed(0);
    EncoderConfig config = EncoderBench.withoutDropout(EncoderConfig.base());
    EncoderFlops flops = EncoderFlops.of(config, BATCH, SAMPLES);
    System.out.printf(
        Locale.ROOT,
        "Machine: %d cores, %s; PyTorch %s on %s; %s%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        Engine.getInstance().getVersion(),
        Devices.name(onDevice),
        Stopwatch.load());
    System.out.println("| figure | value | load (1, 5, 15 min) |");
    System.out.println("|---|---:|---|");
    double roofline;
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      List<Double> rates = ServingTimes.matmulGflops(manager, 2048, repeats);
      roofline = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      row("matmul 2048^3 GFLOP/s (best, median)", "%.1f, %.1f", roofline, Stopwatch.median(rates));
      if (onlyMethods) {
        methods(flops, roofline);
        return 0;
      }
      SpeechEncoder encoder = new SpeechEncoder(config);
      encoder.initialize(manager, DataType.FLOAT32, new Shape(BATCH, SAMPLES));
      row("checkpoint load s (median)", "%.2f", loadTime(encoder, manager));
      NDArray waves = manager.randomNormal(new Shape(BATCH, SAMPLES));
      ServingTimes times = new ServingTimes(manager, AdapterModel.wrap(encoder), waves);
      Map<String, List<Double>> inference = times.inference(2, repeats);
      double bare = Stopwatch.median(inference.get("bare"));
      for (String k : List.of("bare", "lora_merged", "lora_unmerged")) {
        double m = Stopwatch.median(inference.get(k));
        row(
            "inference " + k + " ms (median, min; vs bare)",
            "%.1f, %.1f; %+.1f %%",
            m,
            Stopwatch.min(inference.get(k)),
            100 * (m / bare - 1));
      }
      row(
          "inference achieved GFLOP/s (bare; share of roofline)",
          "%.1f; %.0f %%",
          flops.forward() / (bare * 1e6),
          100 * flops.forward() / (bare * 1e6) / roofline);
      List<Double> sw = times.switches(switches);
      row("adapter switch ms (median, max)", "%.3f, %.3f", Stopwatch.median(sw), max(sw));
      Map<String, List<Double>> mu = times.mergeUnmerge(repeats);
      row(
          "merge / unmerge ms (median)",
          "%.1f / %.1f",
          Stopwatch.median(mu.get("merge")),
          Stopwatch.median(mu.get("unmerge")));
    }
    System.out.printf(
        Locale.ROOT,
        "%nForward FLOPs, 4 x 2 s (%d frames): %.1f GFLOP (feature extractor %.1f, transformer"
            + " %.1f)%n",
        flops.frames(),
        flops.forward() / 1e9,
        flops.featureExtractor() / 1e9,
        (flops.layerLinear() + flops.layerProducts()) / 1e9);
    if (!skipMethods) {
      methods(flops, roofline);
    }
    return 0;
  }

  /**
   * Writes the encoder (no adapters yet) as a checkpoint directory and loads it up to five times:
   * the median in seconds.
   */
  private double loadTime(SpeechEncoder encoder, NDManager manager) throws Exception {
    Path dir = Files.createTempDirectory("sure4j-bench-ckpt-");
    try {
      HubertExporter.writeBackbone(encoder, Map.of(), PreprocessorConfig.defaults(), Map.of(), dir);
      System.out.printf(
          Locale.ROOT,
          "checkpoint: %.0f MB of safetensors%n",
          Files.size(dir.resolve(HfCheckpointLoader.SAFETENSORS)) / 1e6);
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < Math.min(repeats, 5) + 1; i++) {
        try (NDManager m = manager.newSubManager()) {
          double ms = Stopwatch.millis(() -> HfCheckpointLoader.load(dir, m));
          if (i > 0) {
            times.add(ms / 1e3);
          }
        }
      }
      return Stopwatch.median(times);
    } finally {
      AtomicFiles.deleteTree(dir);
    }
  }

  private void methods(EncoderFlops flops, double roofline) throws Exception {
    Map<String, JsonObject> runs = new LinkedHashMap<>();
    for (String m : METHODS) {
      runs.put(m, MethodRuns.run(m, stepRepeats, onDevice));
      System.err.printf("%s done (%s)%n", m, Stopwatch.load());
    }
    double fullMb = runs.get("full").get("peak_rss_mb").getAsDouble();
    System.out.println();
    System.out.println(
        "| method | step ms (median) | GFLOP per step | achieved GFLOP/s | share of roofline |"
            + " peak RSS MB | vs full | load at end |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
    for (Map.Entry<String, JsonObject> e : runs.entrySet()) {
      JsonObject r = e.getValue();
      double ms = r.get("median_ms").getAsDouble();
      double work = stepFlops(flops, e.getKey(), r.get("trainable_params").getAsLong());
      double rate = work / (ms * 1e6);
      double mb = r.get("peak_rss_mb").getAsDouble();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.1f | %.1f | %.0f %% | %.0f | %.2f | %s |%n",
          e.getKey(),
          ms,
          work / 1e9,
          rate,
          100 * rate / roofline,
          mb,
          mb / fullMb,
          r.get("load").getAsString());
    }
  }

  /** FLOPs of one step of a method (inference: one forward pass). */
  static double stepFlops(EncoderFlops flops, String method, long trainable) {
    if (method.equals("inference")) {
      return flops.forward();
    }
    long d = EncoderConfig.base().hiddenSize();
    double perFrame = flops.batch() * (double) flops.frames();
    double head =
        2.0 * perFrame * d * HEAD_PROJECTOR + 2.0 * flops.batch() * HEAD_PROJECTOR * HEAD_CLASSES;
    long headParams =
        d * HEAD_PROJECTOR + HEAD_PROJECTOR + (long) HEAD_PROJECTOR * HEAD_CLASSES + HEAD_CLASSES;
    double adapter =
        switch (method) {
          case "full" -> 0;
          case "prefix" -> prefixFlops(flops, d);
          default -> 2.0 * perFrame * (trainable - headParams);
        };
    return flops.trainingStep(method.equals("full"), adapter, head);
  }

  /** The prefix's extra attention products: 30 keys and values per layer. */
  private static double prefixFlops(EncoderFlops flops, long d) {
    int length = PrefixSpec.builder().build().length();
    int layers = EncoderConfig.base().numHiddenLayers();
    return flops.batch() * layers * 2 * 2.0 * flops.frames() * length * d;
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static void row(String what, String format, Object... values) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s |%n",
        what,
        String.format(Locale.ROOT, format, values),
        Stopwatch.load());
  }
}
