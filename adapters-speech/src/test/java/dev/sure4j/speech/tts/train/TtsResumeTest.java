package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.train.EngineCheckpoints;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Resuming TTS training: {@code N} updates straight and {@code N / 2}, a stop, a resume and {@code
 * N / 2} more give bit-identical parameters (weights, batch-norm statistics, aligner) and losses; a
 * truncated checkpoint file is refused in one line naming it, and a truncated leftover of an
 * interrupted write does not stop the run from resuming from the last complete checkpoint.
 */
class TtsResumeTest extends EspeakTtsTest {

  private static final PrintStream LOG = System.out;
  private static final int STEPS = 4;
  private static final TtsTrainingOptions OPTIONS =
      new TtsTrainingOptions(STEPS, 2, 5e-3f, 1.0, 1f, 5, 1);

  @Test
  void stoppedAndResumedEqualsStraight() throws Exception {
    TtsTrainingBlock straight = block(11);
    TtsTrainingResult all = train(straight, dir.resolve("straight"), false, 0);
    Map<String, float[]> want = values(straight);

    Path run = dir.resolve("run");
    killedAt(STEPS / 2, run);
    TtsTrainingBlock resumed = block(99); // another initialisation: the checkpoint must replace it
    TtsTrainingResult rest = train(resumed, run, true, 0);

    assertEquals(STEPS, rest.steps());
    assertEquals(all.losses(), rest.losses(), "the loss parts of every update");
    assertBitIdentical(want, values(resumed));
    assertTrue(Files.isRegularFile(run.resolve("train_log.csv")));
    assertEquals(1 + STEPS, Files.readAllLines(run.resolve("train_log.csv")).size());
  }

  @Test
  void truncatedCheckpointIsRefusedAndLeftoverOfAKilledWriteIsIgnored() throws Exception {
    TtsTrainingBlock straight = block(11);
    train(straight, dir.resolve("straight"), false, 0);
    Map<String, float[]> want = values(straight);

    Path run = dir.resolve("run");
    killedAt(STEPS / 2, run);
    Path last = run.resolve(EngineCheckpoints.LAST);
    Path weights = last.resolve(EngineCheckpoints.WEIGHTS_FILE);
    byte[] good = Files.readAllBytes(weights);

    // a write killed half-way leaves a temporary sibling with a truncated weights file
    Path leftover = AtomicFiles.sibling(last, "tmp");
    Files.createDirectories(leftover);
    Files.write(leftover.resolve(EngineCheckpoints.WEIGHTS_FILE), Arrays.copyOf(good, 100));

    // the checkpoint itself truncated: refused in one line naming the file, the model untouched
    Files.write(weights, Arrays.copyOf(good, good.length / 2));
    TtsTrainingBlock other = block(99);
    Map<String, float[]> before = values(other);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> train(other, run, true, 0));
    LOG.println("refused: " + e.getMessage());
    assertTrue(e.getMessage().contains(weights.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    assertBitIdentical(before, values(other));

    // the complete checkpoint back: the run resumes from it, past the leftover, which is deleted
    Files.write(weights, good);
    TtsTrainingBlock resumed = block(99);
    train(resumed, run, true, 0);
    assertBitIdentical(want, values(resumed));
    assertFalse(Files.exists(leftover), "the leftover of the killed write is deleted");
  }

  private void killedAt(int step, Path run) {
    RuntimeException kill =
        assertThrows(RuntimeException.class, () -> train(block(11), run, false, step));
    assertEquals("killed", kill.getMessage());
  }

  private TtsTrainingResult train(TtsTrainingBlock block, Path run, boolean resume, int killAt) {
    return new TtsTrainer(OPTIONS, LOG)
        .withCheckpoints(new TtsCheckpoints(run, 1, resume))
        .train(
            block,
            tts.data(),
            tts.stats(),
            TtsMethod.BASE.freezing(block, Optional.empty()),
            step -> {
              if (step == killAt) {
                throw new IllegalStateException("killed");
              }
            });
  }

  private TtsTrainingBlock block(int seed) {
    Engine.getInstance().setRandomSeed(seed);
    return TtsTrainingBlock.create(manager, tts.config(), 32);
  }

  private static void assertBitIdentical(Map<String, float[]> want, Map<String, float[]> got) {
    assertEquals(want.keySet(), got.keySet());
    int differ = 0;
    for (Map.Entry<String, float[]> e : want.entrySet()) {
      float[] g = got.get(e.getKey());
      float max = 0;
      for (int i = 0; i < g.length; i++) {
        max = Math.max(max, Math.abs(g[i] - e.getValue()[i]));
      }
      if (!Arrays.equals(e.getValue(), g)) {
        LOG.printf("%s: max abs difference %g%n", e.getKey(), max);
        differ++;
      }
    }
    assertEquals(0, differ, "tensors that are not bit-identical");
  }

  private static Map<String, float[]> values(TtsTrainingBlock block) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : StateDict.of(block, "").entrySet()) {
      out.put(e.getKey(), e.getValue().getArray().toFloatArray());
    }
    return out;
  }
}
