package dev.sure4j.cli.serve;

import java.util.Map;

/**
 * The JDK HTTP server's own limits, which it reads once from system properties when the first
 * server of the process is created. {@link #applyDefaults()} sets the ones the user did not set
 * (with {@code -D} or {@code JAVA_TOOL_OPTIONS}). JDK 17 honours all of them: {@code maxReqTime}
 * closes a connection whose request line, headers and body have not all arrived, and been answered,
 * within that many seconds, so a client that trickles bytes holds a thread for at most that long.
 */
final class ServerTuning {

  /** Property to default value, in the units the JDK reads (seconds, counts or bytes). */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "sun.net.httpserver.maxReqTime", "60",
          "sun.net.httpserver.maxRspTime", "30",
          "sun.net.httpserver.maxReqHeaders", "64",
          "sun.net.httpserver.maxReqHeaderSize", "16384",
          "sun.net.httpserver.idleInterval", "30",
          "sun.net.httpserver.maxIdleConnections", "32",
          "jdk.httpserver.maxConnections", "256");

  private ServerTuning() {}

  /** Sets every property of {@link #DEFAULTS} that is not already set. */
  static synchronized void applyDefaults() {
    DEFAULTS.forEach(
        (name, value) -> {
          if (System.getProperty(name) == null) {
            System.setProperty(name, value);
          }
        });
  }
}
