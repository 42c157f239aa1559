package dev.sure4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.train.WhisperBatch;
import dev.sure4j.speech.whisper.train.WhisperTargets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Whisper training-step benchmark's batch layout (written out by hand from the rule shared with
 * bench/whisper_pytorch_train_bench.py: text token {@code i} of utterance {@code b} is {@code (7 +
 * 37 b + 101 i) mod eot}), its refusal of an unknown method, and its steps on a small model.
 */
class WhisperTrainBenchTest {

  private static final WhisperConfig BASE =
      WhisperConfig.fromFile(Path.of("../bench/whisper-base-config.json"));

  @Test
  void laysOutFourUtterancesOfTwentyEightToTwentyTwoTokens() {
    WhisperTargets t = WhisperTrainBench.targets(new long[] {1, 2, 3, 4}, 300, BASE);
    assertEquals(4, t.batch());
    assertEquals(32, t.length());
    long[] firstIds = Arrays.copyOfRange(t.inputIds(), 0, 8);
    assertArrayEquals(new long[] {1, 2, 3, 4, 7, 108, 209, 10}, firstIds);
    long[] lastLabels = Arrays.copyOfRange(t.labels(), 3 * 32, 4 * 32);
    assertArrayEquals(new long[] {-100, -100, -100, 118, 219, 20}, Arrays.copyOf(lastLabels, 6));
    assertEquals(300, lastLabels[25]); // <|endoftext|> after the 22nd text token
    assertEquals(-100, lastLabels[26]);
    assertEquals(300, t.inputIds()[3 * 32 + 26]); // padding
    assertEquals(300, t.labels()[31]); // the longest row ends on <|endoftext|>
  }

  @Test
  void refusesAnUnknownMethodByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WhisperTrainBench.method("dora"));
    assertEquals("method must be lora or full, not 'dora'", e.getMessage());
  }

  @Test
  void loraStepsLowerTheLossAndAreTimedOneByOne() {
    WhisperConfig small = BASE.toBuilder().optDModel(16).optLayers(1, 1).optHeads(2).build();
    Engine.getInstance().setRandomSeed(3);
    try (NDManager manager = NDManager.newBaseManager()) {
      WhisperModel whisper = new WhisperModel(small);
      whisper.initialize(manager, DataType.FLOAT32, whisper.inputShapes(1, 1));
      NDArray features = manager.randomNormal(new Shape(4, 80, 3000));
      WhisperTargets t = WhisperTrainBench.targets(new long[] {50258, 50259}, 50257, small);
      WhisperBatch batch = WhisperBatch.of(manager, features, t);
      WhisperTrainSteps steps =
          WhisperTrainSteps.run(whisper, WhisperTrainBench.method("lora"), batch, 0.05, 4, null);
      assertEquals(4, steps.stepMs().size());
      assertEquals(3, steps.timedMs(1).size());
      assertTrue(steps.stepMs().stream().allMatch(ms -> ms > 0));
      double first = steps.losses().get(0);
      double last = steps.losses().get(3);
      assertTrue(last < first - 0.01, "loss " + first + " -> " + last);
    }
  }
}
