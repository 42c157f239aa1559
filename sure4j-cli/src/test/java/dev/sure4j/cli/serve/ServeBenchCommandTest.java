package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.tasks.Commands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small loopback load run: every answer checked against the offline prediction. */
class ServeBenchCommandTest {

  @Test
  void fourClientsGetTheOfflineAnswers() throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve-bench",
                "--model",
                ServedAdapters.MODEL,
                "--clients",
                "4",
                "--requests",
                "6"));
    for (Map.Entry<String, Path> e : ServedAdapters.dirs().entrySet()) {
      args.addAll(List.of("--adapter", e.getKey() + "=" + e.getValue()));
    }
    ServedAdapters.clips(2).forEach(c -> args.add(c.toString()));
    String text = Commands.run(args.toArray(new String[0]));
    assertTrue(text.contains("4 clients x 6 requests over 4 adapters"), text);
    assertTrue(text.strip().endsWith(", 0 mismatches"), text);
  }

  @Test
  void percentilesAreNearestRank() {
    long[] ms = new long[100];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms
    }
    LatencySummary s = LatencySummary.of(ms, 2.0);
    assertEquals(50.0, s.p50Millis());
    assertEquals(99.0, s.p99Millis());
    assertEquals(100.0, s.maxMillis());
    assertEquals(50.0, s.throughput());
  }
}
