package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's bounds: the documented defaults, and flags refused in one line naming them. */
class ServerTuningTest {

  @Test
  void theFlagsDefaultToTheDocumentedBounds() {
    TuningOptions flags = new TuningOptions();
    new CommandLine(flags).parseArgs();
    ServerTuning t = flags.tuning();
    assertEquals(Duration.ofMillis(1500), t.headerTimeout());
    assertEquals(Duration.ofSeconds(30), t.idleTimeout());
    assertEquals(Duration.ofSeconds(60), t.requestTimeout());
    assertEquals(256, t.maxConnections());
    assertEquals(ServerTuning.DEFAULT, t);
  }

  @Test
  void flagsSetTheBounds() {
    TuningOptions flags = new TuningOptions();
    new CommandLine(flags)
        .parseArgs(
            "--header-timeout",
            "0.25",
            "--idle-timeout",
            "5",
            "--request-timeout",
            "7",
            "--max-connections",
            "3");
    ServerTuning t = flags.tuning();
    assertEquals(Duration.ofMillis(250), t.headerTimeout());
    assertEquals(Duration.ofSeconds(5), t.idleTimeout());
    assertEquals(Duration.ofSeconds(7), t.requestTimeout());
    assertEquals(3, t.maxConnections());
  }

  @Test
  void aBoundThatIsNotPositiveIsRefusedNamingItsFlag() {
    TuningOptions flags = new TuningOptions();
    new CommandLine(flags).parseArgs("--header-timeout", "0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, flags::tuning);
    assertEquals("--header-timeout must be in (0, 86400] seconds: 0.0", e.getMessage());
    TuningOptions count = new TuningOptions();
    new CommandLine(count).parseArgs("--max-connections", "0");
    e = assertThrows(IllegalArgumentException.class, count::tuning);
    assertEquals("--max-connections must be >= 1: 0", e.getMessage());
  }
}
