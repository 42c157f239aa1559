package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** The JDK server's properties get sure4j's defaults, and the user's own values are kept. */
class ServerTuningTest {

  @Test
  void unsetPropertiesGetTheDefaultsAndSetOnesAreKept() {
    String userSet = System.getProperty("sun.net.httpserver.maxReqTime");
    assertEquals("10", userSet, "sure4j-cli/pom.xml sets it for the test JVM");
    ServerTuning.applyDefaults();
    assertEquals(userSet, System.getProperty("sun.net.httpserver.maxReqTime"));
    ServerTuning.DEFAULTS.forEach(
        (name, value) -> {
          assertNotNull(System.getProperty(name), name);
          if (!name.equals("sun.net.httpserver.maxReqTime")) {
            assertEquals(value, System.getProperty(name), name);
          }
        });
  }
}
