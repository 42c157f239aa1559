package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.tts.EspeakCorpus;
import dev.sure4j.speech.tts.train.TtsCheckpoints;
import dev.sure4j.speech.tts.train.TtsModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code ./sure4j tts-train} with SIGKILL once its second checkpoint is in place, resumes it
 * with {@code --resume}, and finds the finished model equal, tensor for tensor and bit for bit, to
 * that of an uninterrupted run of the same command. All three runs are child JVMs with the same
 * options (one PyTorch thread), so that no thread count or engine state of the test JVM differs.
 */
class TtsKillResumeTest {

  private static final int STEPS = 6;

  @TempDir Path tmp;

  @Test
  void killedRunResumesToTheUninterruptedModel() throws Exception {
    Path manifest = EspeakCorpus.manifest(tmp, false);

    Path straight = tmp.resolve("straight");
    assertEquals(0, complete(args(manifest, straight), tmp.resolve("straight.out")));

    Path killed = tmp.resolve("killed");
    Path state = TtsCheckpoints.dirFor(killed).resolve("last").resolve("trainer_state.json");
    try (ChildProcess child =
        ChildProcess.start(Map.of(), tmp.resolve("child.out"), "sure4j", args(manifest, killed))) {
      long deadline = System.nanoTime() + 600_000_000_000L;
      while (!atStep(state, 2) && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(child.isAlive(), "the child was still training when killed");
      assertEquals(ChildProcess.SIGKILL_EXIT, child.kill());
    }
    assertTrue(!Files.exists(killed.resolve(TtsModelFiles.WEIGHTS)), "killed before the end");

    List<String> resume = new ArrayList<>(args(manifest, killed));
    resume.add("--resume");
    Path resumedOut = tmp.resolve("resumed.out");
    assertEquals(0, complete(resume, resumedOut));
    String out = Files.readString(resumedOut);
    assertTrue(out.contains("resumed from"), out);

    for (String file : new String[] {TtsModelFiles.WEIGHTS, TtsModelFiles.ALIGNER}) {
      try (SafetensorsReader a = SafetensorsReader.open(straight.resolve(file));
          SafetensorsReader b = SafetensorsReader.open(killed.resolve(file))) {
        assertEquals(a.names(), b.names());
        for (String n : a.names()) {
          assertArrayEquals(a.readFloats(n), b.readFloats(n), file + " " + n);
        }
      }
    }
  }

  /** Runs a command in a child JVM, as the killed one, to its end. */
  private static int complete(List<String> args, Path stdout) throws Exception {
    try (ChildProcess child = ChildProcess.start(Map.of(), stdout, "sure4j", args)) {
      int code = child.waitFor(900);
      System.out.print(Files.readString(stdout));
      return code;
    }
  }

  private static boolean atStep(Path state, long step) {
    try {
      return JsonParser.parseString(Files.readString(state))
              .getAsJsonObject()
              .get("step")
              .getAsLong()
          >= step;
    } catch (IOException | RuntimeException e) {
      return false; // not written yet
    }
  }

  private static List<String> args(Path manifest, Path out) {
    return List.of(
        "tts-train",
        "--data",
        "manifest:" + manifest,
        "--out",
        out.toString(),
        "--steps",
        Integer.toString(STEPS),
        "--batch-size",
        "2",
        "--checkpoint-every",
        "1",
        "--threads",
        "1",
        "--seed",
        "5");
  }
}
