package dev.sure4j.cli.options;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.sure4j.speech.device.Devices;
import picocli.CommandLine.Option;

/**
 * The {@code --device cpu|gpu[:N]} option of the commands that load a model (a picocli mixin). An
 * unknown name or a GPU the engine does not see ends the command with one line.
 */
public final class DeviceOption {

  @Option(
      names = "--device",
      paramLabel = "cpu|gpu[:N]",
      description =
          "Where the model runs: cpu, gpu (the first GPU) or gpu:N (default: the first GPU when"
              + " the engine sees one, else cpu).")
  String name;

  /**
   * Returns the chosen device, checked against the hardware.
   *
   * @return the {@code --device} value, or the engine's default device
   * @throws IllegalArgumentException for an unknown name or a GPU the engine does not see
   */
  public Device device() {
    return name == null ? Engine.getInstance().defaultDevice() : Devices.check(Devices.parse(name));
  }

  /**
   * Sets libtorch's thread counts, which the engine reads once when it starts, and then returns the
   * chosen device (checking it starts the engine). Commands with a {@code --threads} option call
   * this first, before anything touches the engine.
   *
   * @param intraOpThreads PyTorch intra-op threads; inter-op threads are set to 1
   * @return the {@code --device} value, or the engine's default device
   * @throws IllegalArgumentException for an unknown name or a GPU the engine does not see
   */
  public Device deviceWithThreads(int intraOpThreads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    return device();
  }
}
