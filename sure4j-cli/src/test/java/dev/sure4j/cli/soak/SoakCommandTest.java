package dev.sure4j.cli.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.tasks.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak on a subset of the mini keyword corpus, 30 training steps and 200 requests: after
 * its first samples, neither the live NDArrays nor the resident memory may grow beyond a small
 * bound (stated below), and the CSV holds every sample. The full soak (1,000 steps, 10,000
 * requests) is in docs/reliability.md.
 */
class SoakCommandTest {

  /** Live NDArrays a sample may differ by: the next training batch, prepared or not. */
  private static final long ARRAY_SLACK = 16;

  /** Resident memory growth allowed from the second sample of a phase to its last, KiB. */
  private static final long RSS_SLACK_KIB = 96 * 1024;

  @TempDir Path tmp;

  @Test
  void aShortSoakKeepsLiveArraysAndMemoryBounded() throws Exception {
    Path out = tmp.resolve("soak");
    Commands.run(
        "soak",
        "--model",
        Path.of("..", "models", "mini-hubert").toString(),
        "--data",
        SpeechFixtures.miniSubset(tmp.resolve("corpus"), "kws", 20, 20).toString(),
        "--steps",
        "30",
        "--requests",
        "200",
        "--sample-every-steps",
        "5",
        "--sample-every-requests",
        "50",
        "--reload-every",
        "100",
        "--batch-size",
        "2",
        "--out",
        out.toString());
    List<String> lines = Files.readAllLines(out.resolve(SoakCommand.CSV));
    assertEquals(MemorySample.CSV_HEADER, lines.get(0));
    // start, 3 samples of each adapter's training, serve start, 4 serving samples
    assertEquals(1 + 1 + 3 + 3 + 1 + 4, lines.size(), String.join("\n", lines));
    for (String phase : List.of("train-lora", "train-bottleneck", "serve")) {
      List<long[]> p =
          lines.stream()
              .skip(1)
              .map(l -> l.split(","))
              .filter(f -> f[0].equals(phase))
              .map(f -> new long[] {Long.parseLong(f[3]), Long.parseLong(f[4])})
              .toList();
      long[] second = p.get(1);
      for (long[] s : p.subList(2, p.size())) {
        assertTrue(
            Math.abs(s[1] - second[1]) <= ARRAY_SLACK,
            phase + ": live NDArrays went from " + second[1] + " to " + s[1]);
        assertTrue(
            s[0] - second[0] <= RSS_SLACK_KIB,
            phase + ": RSS grew from " + second[0] + " to " + s[0] + " KiB");
      }
    }
  }
}
