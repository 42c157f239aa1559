package dev.sure4j.examples;

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
}
