package dev.sure4j.speech.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** Device names parse to DJL devices; unknown names and absent GPUs fail with one clear line. */
class DevicesTest {

  @Test
  void namesParse() {
    assertEquals(Device.cpu(), Devices.parse("cpu"));
    assertEquals(Device.cpu(), Devices.parse(" CPU "));
    assertEquals(Device.gpu(0), Devices.parse("gpu"));
    assertEquals(Device.gpu(0), Devices.parse("gpu:0"));
    assertEquals(Device.gpu(3), Devices.parse("GPU:3"));
  }

  @Test
  void namesAreWrittenAsTheyAreRead() {
    assertEquals("cpu", Devices.name(Device.cpu()));
    assertEquals("gpu:0", Devices.name(Device.gpu(0)));
    assertEquals("gpu:7", Devices.name(Device.gpu(7)));
    for (String name : new String[] {"cpu", "gpu:0", "gpu:12"}) {
      assertEquals(name, Devices.name(Devices.parse(name)));
    }
    assertThrows(IllegalArgumentException.class, () -> Devices.name(Device.of("tpu", 0)));
  }

  @Test
  void unknownNamesAreRefusedNamingThem() {
    for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "cpu:1", "gpu1", "", "cuda:0"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Devices.parse(bad), bad);
      assertEquals("unknown device '" + bad + "': use cpu, gpu or gpu:N", e.getMessage());
    }
  }

  @Test
  void theCpuAlwaysPasses() {
    assertEquals(Device.cpu(), Devices.check(Device.cpu()));
  }

  @Test
  void aGpuBeyondTheEnginesCountIsRefused() {
    Engine engine = Engine.getInstance();
    int gpus = engine.getGpuCount();
    Device missing = Device.gpu(gpus);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Devices.check(missing, engine));
    assertTrue(
        e.getMessage().startsWith(missing + " requested, but the PyTorch engine sees " + gpus),
        e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void otherDeviceTypesAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Devices.check(Device.of("tpu", 0)));
    assertTrue(e.getMessage().contains("tpu"), e.getMessage());
  }
}
