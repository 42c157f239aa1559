package dev.sure4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard's baseline file: the machine key, the round trip, and bad files. */
class PerfBaselineTest {

  private static final String CPUINFO =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC  7B13 64-Core Processor\n"
          + "flags\t\t: fpu avx2\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\n"
          + "model name\t: AMD EPYC  7B13 64-Core Processor\nflags\t\t: fpu avx2\n\n";

  @Test
  void theKeyIsTheModelAndTheProcessorCount() {
    assertEquals("AMD EPYC 7B13 64-Core Processor, 2 cores", PerfBaseline.machineKey(CPUINFO));
    assertEquals("unknown CPU, 1 core", PerfBaseline.machineKey("processor : 0\n"));
    assertThrows(IllegalArgumentException.class, () -> PerfBaseline.machineKey("flags : avx2\n"));
  }

  @Test
  void writingOneMachineKeepsTheOthers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("perf-baseline.json");
    assertTrue(PerfBaseline.read(file, "a, 2 cores").isEmpty());
    PerfBaseline.write(file, "a, 2 cores", Map.of("inference_ms", 100.04));
    PerfBaseline.write(file, "b, 4 cores", Map.of("inference_ms", 50.0));
    PerfBaseline.write(file, "a, 2 cores", Map.of("inference_ms", 110.0));
    assertEquals(Map.of("inference_ms", 110.0), PerfBaseline.read(file, "a, 2 cores"));
    assertEquals(Map.of("inference_ms", 50.0), PerfBaseline.read(file, "b, 4 cores"));
  }

  @Test
  void aFigureThatIsNotAPositiveNumberIsRefusedNamingFileMachineAndField(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("perf-baseline.json");
    Files.writeString(file, "{\"a, 2 cores\": {\"inference_ms\": \"fast\"}}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PerfBaseline.read(file, "a, 2 cores"));
    assertTrue(e.getMessage().startsWith(file + ": machine 'a, 2 cores'"), e.getMessage());
    assertTrue(e.getMessage().contains("inference_ms"), e.getMessage());
    Files.writeString(file, "{\"a, 2 cores\": {\"inference_ms\": -3}}");
    e = assertThrows(IllegalArgumentException.class, () -> PerfBaseline.read(file, "a, 2 cores"));
    assertTrue(e.getMessage().contains("must be > 0 ms"), e.getMessage());
    Files.writeString(file, "[1, 2]");
    e = assertThrows(IllegalArgumentException.class, () -> PerfBaseline.read(file, "a, 2 cores"));
    assertEquals(file + ": not a JSON object of machines", e.getMessage());
  }
}
