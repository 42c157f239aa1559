package dev.sure4j.speech.device;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device names and the check that a device exists. Names are {@code cpu}, {@code gpu} (the first
 * GPU) and {@code gpu:N} (GPU number {@code N}, counted from 0), case-insensitive.
 */
public final class Devices {

  /** The names {@link #parse} accepts, for help texts and error messages. */
  public static final String NAMES = "cpu, gpu or gpu:N";

  private static final Pattern NAME = Pattern.compile("(cpu|gpu)(?::(\\d{1,4}))?");

  private Devices() {}

  /**
   * Parses a device name.
   *
   * @param name {@code cpu}, {@code gpu} or {@code gpu:N}
   * @return the device; it is not checked against the hardware (see {@link #check(Device)})
   * @throws IllegalArgumentException for any other name, naming it
   */
  public static Device parse(String name) {
    checkArgument(name != null, "no device name: use %s", NAMES);
    Matcher m = NAME.matcher(name.trim().toLowerCase(Locale.ROOT));
    checkArgument(
        m.matches() && !("cpu".equals(m.group(1)) && m.group(2) != null),
        "unknown device '%s': use %s",
        name,
        NAMES);
    if ("cpu".equals(m.group(1))) {
      return Device.cpu();
    }
    return Device.gpu(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }

  /**
   * Names a device the way {@link #parse(String)} reads it.
   *
   * @param device a CPU or GPU device
   * @return {@code cpu} or {@code gpu:N}
   * @throws IllegalArgumentException for a device that is neither a CPU nor a GPU
   */
  public static String name(Device device) {
    if (device.isGpu()) {
      return "gpu:" + device.getDeviceId();
    }
    checkArgument(Device.Type.CPU.equals(device.getDeviceType()), "not a CPU or GPU: %s", device);
    return "cpu";
  }

  /**
   * Checks that the default engine can run on a device.
   *
   * @param device the device
   * @return the device
   * @throws IllegalArgumentException for a GPU the engine does not see, naming the device and the
   *     number of GPUs, or for a device that is neither a CPU nor a GPU
   */
  public static Device check(Device device) {
    return check(device, Engine.getInstance());
  }

  /**
   * Checks that an engine can run on a device.
   *
   * @param device the device
   * @param engine the engine that will run on it
   * @return the device
   * @throws IllegalArgumentException for a GPU the engine does not see, naming the device and the
   *     number of GPUs, or for a device that is neither a CPU nor a GPU
   */
  public static Device check(Device device, Engine engine) {
    checkArgument(device != null, "no device: use %s", NAMES);
    String type = device.getDeviceType();
    checkArgument(
        Device.Type.CPU.equals(type) || Device.Type.GPU.equals(type),
        "unsupported device %s: sure4j runs on %s",
        device,
        NAMES);
    if (device.isGpu()) {
      int gpus = engine.getGpuCount();
      checkArgument(
          device.getDeviceId() < gpus,
          "%s requested, but the %s engine sees %s GPU%s%s",
          device,
          engine.getEngineName(),
          gpus,
          gpus == 1 ? "" : "s",
          gpus == 0 ? " (no CUDA device, or a CPU-only libtorch): run on cpu" : "");
    }
    return device;
  }
}
