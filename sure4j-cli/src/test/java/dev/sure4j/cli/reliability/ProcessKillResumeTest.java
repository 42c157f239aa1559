package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskFiles;
import dev.sure4j.speech.tasks.TaskTrainer;
import dev.sure4j.speech.tasks.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code ./sure4j train --resume} with SIGKILL ({@link Process#destroyForcibly()}) at least
 * {@value #DEFAULT_KILLS} times (system property {@code sure4j.crash.kills}) and restarts it each
 * time. Each kill is chosen by a seeded random source (system property {@code sure4j.crash.seed}):
 * after a random delay, inside a checkpoint or adapter write (as soon as its temporary directory
 * appears), or between the two renames that replace a directory (the child runs with {@link
 * AtomicFiles#PAUSE_PROPERTY}, which pauses there and says so on standard error). After every kill
 * the run directory is checked ({@link RunDirectoryCheck}): nothing half-written in place, the last
 * good checkpoint and the best one load, and the last checkpoint's step never goes back, so every
 * restart resumed where the previous one saved. Finally the run completes and its adapter equals,
 * bit for bit, that of an uninterrupted run of the same command. Each restart is a JVM start and a
 * model load: see docs/reliability.md for the time it takes.
 */
class ProcessKillResumeTest {

  static final int DEFAULT_KILLS = 20;
  private static final int KILLS = Integer.getInteger("sure4j.crash.kills", DEFAULT_KILLS);
  private static final long SEED = Long.getLong("sure4j.crash.seed", 20261125L);
  private static final String[] MODES = {"after a random delay", "mid-write", "between renames"};

  @TempDir Path tmp;

  private static List<String> train(Path data, Path out) {
    return List.of(
        "train",
        "--model",
        Cli.MODEL.toString(),
        "--data",
        data.toString(),
        "--method",
        "lora",
        "--max-steps",
        "16",
        "--eval-every",
        "1",
        "--batch-size",
        "4",
        "--patience",
        "0",
        "--seed",
        "7",
        "--resume",
        "--out",
        out.toString());
  }

  @Test
  void killedAtRandomMomentsTheRunResumesAndItsFilesStayIntact() throws Exception {
    Path data = SpeechFixtures.miniSubset(tmp.resolve("corpus"), "kws", 30, 22);
    Path reference = tmp.resolve("reference");
    Path out = tmp.resolve("killed");
    Path taskDir = tmp.resolve("task");
    TaskFiles.save(
        SpeechTask.fromTrainingData(
            "kws", TaskType.CLASSIFICATION, TaskData.fromManifests(data).train()),
        taskDir);
    Map<String, String> pause = Map.of(AtomicFiles.PAUSE_PROPERTY, "150");
    Random random = new Random(SEED);
    Map<String, Integer> kills = new TreeMap<>();
    int killCount = 0;
    int completions = 0;
    long saved = -1;
    try (ChildProcess uninterrupted =
            ChildProcess.start(
                Map.of(), tmp.resolve("reference.log"), "-", train(data, reference));
        SpeechSession session = SpeechSession.open(Cli.MODEL)) {
      RunDirectoryCheck check =
          new RunDirectoryCheck(session, taskDir.resolve(TaskFiles.FILE_NAME), tmp);
      while (killCount < KILLS) {
        int mode = random.nextInt(MODES.length);
        int skip = random.nextInt(3);
        long delayMillis = 300 + random.nextInt(9_700);
        Path log = tmp.resolve("child-" + (killCount + completions) + ".log");
        try (ChildProcess child =
            ChildProcess.start(pause, log, AtomicFiles.PAUSE_MARKER, train(data, out))) {
          awaitMoment(child, mode, skip, delayMillis, out);
          // a child can end by itself between isAlive() and the signal: exit 0, a completion
          int killed = child.isAlive() ? child.kill() : 0;
          if (killed != 0) {
            assertEquals(ChildProcess.SIGKILL_EXIT, killed, "killed by SIGKILL");
            killCount++;
            kills.merge(MODES[mode], 1, Integer::sum);
            System.out.printf("kill %d: %s%n", killCount, MODES[mode]);
          } else {
            assertEquals(0, child.waitFor(1), "a run that ended by itself: " + child.stderrTail());
            completions++;
          }
        }
        long step = check.check(out);
        System.out.printf("  last good checkpoint: step %d%n", step);
        assertTrue(
            step >= saved, "the last checkpoint went back from step " + saved + " to " + step);
        saved = step;
      }
      try (ChildProcess finish =
          ChildProcess.start(pause, tmp.resolve("finish.log"), "-", train(data, out))) {
        assertEquals(0, finish.waitFor(1800), finish.stderrTail());
      }
      assertEquals(16, check.check(out));
      assertEquals(0, uninterrupted.waitFor(1800), uninterrupted.stderrTail());
      System.out.printf(
          "%d kills %s, %d restarts that completed the run, %d adapter directories loaded%n",
          killCount, kills, completions, check.loads());
    }
    assertSameTensors(
        reference.resolve(TaskTrainer.ADAPTER_DIR), out.resolve(TaskTrainer.ADAPTER_DIR));
    assertEquals(
        Files.readString(reference.resolve(TaskTrainer.ADAPTER_DIR).resolve(TaskFiles.FILE_NAME)),
        Files.readString(out.resolve(TaskTrainer.ADAPTER_DIR).resolve(TaskFiles.FILE_NAME)));
  }

  /**
   * Waits until the child ends or the chosen moment comes: a delay, the {@code skip+1}-th new
   * temporary directory of a write, or the {@code skip+1}-th pause between renames.
   */
  private static void awaitMoment(
      ChildProcess child, int mode, int skip, long delayMillis, Path out) throws Exception {
    Path training = out.resolve(TaskTrainer.TRAINING_DIR);
    Set<Path> seen = new HashSet<>(ChildProcess.temporaryEntries(out, training));
    int fresh = 0;
    long t0 = System.nanoTime();
    while (child.isAlive()) {
      long millis = (System.nanoTime() - t0) / 1_000_000;
      if (mode == 0 && millis >= delayMillis || millis > 600_000) {
        return;
      }
      if (mode == 1) {
        for (Path p : ChildProcess.temporaryEntries(out, training)) {
          if (seen.add(p) && ++fresh > skip) {
            return;
          }
        }
      }
      if (mode == 2 && child.markers() > skip) {
        return;
      }
      Thread.sleep(1);
    }
  }

  private static void assertSameTensors(Path expectedDir, Path actualDir) throws Exception {
    try (SafetensorsReader expected =
            SafetensorsReader.open(expectedDir.resolve(AdapterFiles.TENSOR_FILE));
        SafetensorsReader actual =
            SafetensorsReader.open(actualDir.resolve(AdapterFiles.TENSOR_FILE))) {
      assertEquals(expected.names(), actual.names());
      for (String name : expected.names()) {
        assertArrayEquals(expected.readFloats(name), actual.readFloats(name), name);
      }
    }
  }
}
