package dev.sure4j.cli.convert;

import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.speech.loading.CheckpointConversion;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j convert}: rewrites a Hugging Face checkpoint directory (safetensors or {@code
 * pytorch_model.bin}, single or sharded) as {@code model.safetensors} plus its {@code config.json}
 * and {@code preprocessor_config.json}, without Python (see {@link CheckpointConversion}).
 */
@Command(
    name = "convert",
    description =
        "Write a checkpoint's weights (pytorch_model.bin or safetensors, single or sharded) as one"
            + " float32 model.safetensors, with config.json and preprocessor_config.json, into --out, a"
            + " new or empty directory (not --model).")
public final class ConvertCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      description =
          "Checkpoint directory: config.json + pytorch_model.bin (or an index, or safetensors).")
  Path model;

  @Mixin OutputOption output;

  @Override
  public Integer call() throws Exception {
    CheckpointConversion.Summary s = CheckpointConversion.toSafetensors(model, output.path());
    System.out.printf(
        "wrote %s: %d tensors, %d float32 values from %s%n",
        output.path().resolve("model.safetensors"), s.tensors(), s.elements(), s.sources());
    return 0;
  }
}
