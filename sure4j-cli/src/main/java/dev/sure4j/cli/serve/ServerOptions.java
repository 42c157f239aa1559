package dev.sure4j.cli.serve;

import ai.djl.Device;
import dev.sure4j.cli.options.AdapterOption;
import dev.sure4j.cli.options.BackboneOption;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.speech.serving.AdapterServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that start an {@link AdapterServer} (a picocli mixin): {@code
 * --model}, {@code --adapter} (repeatable), {@code --device}, {@code --max-batch} and {@code
 * --[no-]mix-adapters}.
 */
public final class ServerOptions {

  @Mixin BackboneOption backbone;

  @Mixin AdapterOption adapters;

  @Mixin DeviceOption device;

  @Option(
      names = "--max-batch",
      defaultValue = "8",
      description = "Most utterances of one adapter per backbone pass (default ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(
      names = "--mix-adapters",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description =
          "Let requests for different adapters share a backbone pass when their methods allow it"
              + " (LoRA, bottleneck, ConvAdapter, probe; default ${DEFAULT-VALUE}: adapters"
              + " take turns).")
  boolean mixAdapters;

  /**
   * Returns the backbone directory.
   *
   * @return the {@code --model} value
   */
  public Path backbone() {
    return backbone.path();
  }

  /**
   * Returns the named adapter directories.
   *
   * @return name to directory, in the given order
   */
  public Map<String, Path> adapters() {
    return adapters.named();
  }

  /**
   * Returns the chosen device, checked against the hardware.
   *
   * @return the {@code --device} value, or the engine's default device
   */
  public Device device() {
    return device.device();
  }

  /**
   * Loads the backbone and the adapters and starts the batch worker.
   *
   * @return the server
   * @throws IOException when the backbone or an adapter cannot be read
   */
  public AdapterServer start() throws IOException {
    return AdapterServer.builder()
        .setCheckpoint(backbone())
        .optDevice(device())
        .optMaxBatchSize(maxBatch)
        .optMixAdapters(mixAdapters)
        .optAdapters(adapters())
        .build();
  }
}
