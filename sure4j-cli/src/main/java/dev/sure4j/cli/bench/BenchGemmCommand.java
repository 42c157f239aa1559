package dev.sure4j.cli.bench;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.speech.device.Devices;
import dev.sure4j.speech.encoder.EncoderConfig;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j bench-gemm}: the matrix-multiply roofline through DJL at the shapes HuBERT-base
 * inference runs ({@link GemmRoofline}): {@code [B*T, 768] x [768, 768]}, {@code [B*T, 768] x [768,
 * 3072]} and {@code [B*T, 3072] x [3072, 768]}, with {@code T} the frames of {@code --seconds} of
 * 16 kHz audio. Prints a Markdown table of GFLOP/s per shape (median and best of {@code --repeats})
 * and the layer's roofline, the rate {@link EncoderBench} divides inference by.
 */
@Command(
    name = "bench-gemm",
    description =
        "Matrix-multiply roofline through DJL at the HuBERT-base inference shapes"
            + " (docs/benchmarks.md).")
public final class BenchGemmCommand implements Callable<Integer> {

  @Mixin DeviceOption device;

  @Option(
      names = "--batch",
      defaultValue = "4",
      description = "Utterances B (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seconds",
      defaultValue = "2",
      description =
          "Seconds of 16 kHz audio per utterance, giving T frames (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--repeats",
      defaultValue = "20",
      description = "Timed products per shape, after 3 untimed (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "libtorch intra-op threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() {
    checkArgument(batch >= 1, "--batch must be >= 1: %s", batch);
    checkArgument(seconds > 0, "--seconds must be > 0: %s", seconds);
    checkArgument(repeats >= 1, "--repeats must be >= 1: %s", repeats);
    checkArgument(threads >= 1, "--threads must be >= 1: %s", threads);
    Device onDevice = device.deviceWithThreads(threads);
    EncoderConfig config = EncoderConfig.base();
    long frames = EncoderFlops.of(config, batch, Math.round(seconds * 16_000)).frames();
    long rows = batch * frames;
    System.out.printf(
        Locale.ROOT,
        "PyTorch %s on %s, %d threads; B*T = %d x %d = %d rows; %s%n%n",
        Engine.getInstance().getVersion(),
        Devices.name(onDevice),
        threads,
        batch,
        frames,
        rows,
        Stopwatch.load());
    GemmRoofline r;
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      r = GemmRoofline.measure(manager, config, rows, repeats);
    }
    System.out.println(
        "| product | shape | per layer | GFLOP | GFLOP/s median | GFLOP/s best (min time) |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    for (GemmShape s : r.shapes()) {
      System.out.printf(
          Locale.ROOT,
          "| %s | [%d, %d] x [%d, %d] | %d | %.3f | %.1f | %.1f |%n",
          s.label(),
          s.m(),
          s.k(),
          s.k(),
          s.n(),
          s.perLayer(),
          s.flops() / 1e9,
          r.medianGflops(s),
          r.bestGflops(s));
    }
    System.out.printf(
        Locale.ROOT,
        "| layer (roofline) | all above | | %.3f | %.1f | %.1f |%n%n%s%n",
        GemmShape.layerFlops(r.shapes()) / 1e9,
        r.layerMedianGflops(),
        r.layerBestGflops(),
        Stopwatch.load());
    return 0;
  }
}
