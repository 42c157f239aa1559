package dev.sure4j.cli;

import ai.djl.Device;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.results.MethodResult;
import dev.sure4j.cli.results.ResultsTable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sure4j demo}: runs {@link Demo}, prints the table and writes the CSV. */
@Command(
    name = "demo",
    description = {
      "Pre-trains a small transformer backbone on a synthetic sequence task, then adapts it to a"
          + " related task with a linear probe, full fine-tuning, bottleneck, prefix tuning, LoRA"
          + " and ConvAdapter, and compares accuracy, trainable parameters and time."
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--steps",
      defaultValue = "250",
      description = "Training steps per method (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--pretrain-steps",
      defaultValue = "300",
      description = "Backbone pre-training steps (default: ${DEFAULT-VALUE}).")
  int pretrainSteps;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of data and weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "runs/demo",
      description = "Output directory for results.csv (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = {
        "PyTorch intra-op threads (default: ${DEFAULT-VALUE}: the demo's tensors are tiny, and one"
            + " thread avoids synchronisation stalls on busy machines)."
      })
  int threads;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    Device onDevice = device.deviceWithThreads(threads);
    Demo.Options options = Demo.Options.defaults(pretrainSteps, steps, seed);
    System.out.printf(
        "backbone: D=%d, %d heads, FFN %d, %d layers; %d pre-training steps, %d steps per"
            + " method, seed %d%n",
        options.hidden(),
        options.heads(),
        options.ffn(),
        options.layers(),
        pretrainSteps,
        steps,
        seed);
    List<MethodResult> results = new Demo(options, System.out, onDevice).run();
    System.out.println();
    ResultsTable.print(results, System.out);
    Path csv = out.resolve("results.csv");
    ResultsTable.writeCsv(results, csv);
    System.out.println();
    System.out.println("wrote " + csv);
    return 0;
  }
}
