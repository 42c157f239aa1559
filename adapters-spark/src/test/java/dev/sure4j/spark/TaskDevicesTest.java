package dev.sure4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * The device of {@code spark-predict --device} and {@link InferenceSpecBuilder#optDevice}: checked
 * as a name on the driver, resolved against the engine on the executor.
 */
class TaskDevicesTest {

  @Test
  void theSpecKeepsAValidNameAndRefusesAnUnknownOneNamingIt() {
    InferenceSpecBuilder b = InferenceSpec.builder().setModel("m").addAdapter("a", "dir");
    assertNull(b.build().device());
    assertEquals("gpu:1", b.optDevice(" GPU:1 ").build().device());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.optDevice("tpu"));
    assertEquals("unknown device 'tpu': use cpu, gpu or gpu:N", e.getMessage());
  }

  @Test
  void outsideASparkTaskTheCpuIsTheCpuAndGpuIsTheFirstGpu() {
    assertEquals(Device.cpu(), TaskDevices.resolve("cpu"));
    int gpus = Engine.getInstance().getGpuCount();
    if (gpus > 0) {
      assertEquals(Device.gpu(0), TaskDevices.resolve("gpu"));
    } else {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TaskDevices.resolve("gpu"));
      assertTrue(e.getMessage().startsWith("gpu(0) requested"), e.getMessage());
    }
    IllegalArgumentException beyond =
        assertThrows(IllegalArgumentException.class, () -> TaskDevices.resolve("gpu:" + gpus));
    assertTrue(beyond.getMessage().startsWith("gpu(" + gpus + ") requested"), beyond.getMessage());
  }
}
