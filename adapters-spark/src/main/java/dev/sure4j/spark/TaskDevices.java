package dev.sure4j.spark;

import ai.djl.Device;
import dev.sure4j.speech.device.Devices;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import scala.Option;

/** Turns a device name of an {@link InferenceSpec} into the device of the running Spark task. */
final class TaskDevices {

  private TaskDevices() {}

  /**
   * Resolves a device name on an executor.
   *
   * @param name {@code cpu}, {@code gpu} or {@code gpu:N}
   * @return the device; {@code gpu} is the first GPU address Spark assigned to the running task
   *     (resource {@code gpu}), or GPU 0 when the task has none
   * @throws IllegalArgumentException for an unknown name or a GPU this executor's engine does not
   *     see, naming the device
   */
  static Device resolve(String name) {
    Device device = Devices.parse(name);
    if (device.isGpu() && name.indexOf(':') < 0) {
      device = Device.gpu(assignedGpu(TaskContext.get()));
    }
    return Devices.check(device);
  }

  private static int assignedGpu(TaskContext task) {
    if (task == null) {
      return 0;
    }
    Option<ResourceInformation> gpu = task.resources().get("gpu");
    if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
      return 0;
    }
    String address = gpu.get().addresses()[0];
    try {
      return Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Spark assigned GPU address '" + address + "', not a device number", e);
    }
  }
}
