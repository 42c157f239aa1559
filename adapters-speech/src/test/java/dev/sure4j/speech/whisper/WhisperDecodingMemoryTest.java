package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.testing.ManagedTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decoding through the key-value cache keeps no array of a step once the step's manager closes: the
 * number of arrays alive stays the same from step to step. A view of the cache or of a parameter
 * left in a long-lived manager would pin the storage it looks at (a replaced cache array of every
 * earlier step) until the run ends, so memory grew with the square of the tokens decoded. An
 * encoder pass leaves only its output: neither the conv stem's arrays nor the hidden states of the
 * layers before the last outlive it (they would stay alive through the decoding of the utterance).
 */
class WhisperDecodingMemoryTest extends ManagedTest {

  private WhisperModel model;
  private ParameterStore store;

  @BeforeEach
  void model() {
    WhisperConfig config = WhisperConfig.fromFile(WhisperFixtures.model().resolve("config.json"));
    model = new WhisperModel(config);
    model.initialize(manager, DataType.FLOAT32, model.inputShapes(1, 1));
    store = new ParameterStore(manager, false);
  }

  @Test
  void anEncoderPassLeavesOnlyItsOutput() {
    WhisperConfig config = model.config();
    try (NDManager utterance = manager.newSubManager()) {
      NDArray states = encode(utterance);
      assertEquals(new Shape(1, config.maxSourcePositions(), config.dModel()), states.getShape());
      assertEquals(2, utterance.getManagedArrays().size(), "arrays alive: the features and states");
      NDArray mel = utterance.randomNormal(model.inputShapes(1, 1)[0]);
      assertEquals(
          config.encoderLayers() + 1, model.encoder().hiddenStates(store, mel, false).size());
    }
  }

  @Test
  void aDecodingStepLeavesNoArrayBehind() {
    WhisperConfig config = model.config();
    try (NDManager utterance = manager.newSubManager()) {
      NDArray states = encode(utterance);
      WhisperDecoderCache cache = model.decoder().newCache(store, states, false);
      long token = config.decoderStartTokenId();
      int[] alive = new int[12];
      for (int step = 0; step < alive.length; step++) {
        try (NDManager scope = utterance.newSubManager()) {
          NDArray ids = scope.create(new long[] {token}, new Shape(1, 1));
          token = model.decoder().logits(store, ids, cache, false).argMax(-1).getLong(0, 0);
        }
        alive[step] = manager.getManagedArrays().size();
      }
      assertEquals(12, cache.length());
      for (int step = 2; step < alive.length; step++) {
        assertEquals(alive[1], alive[step], "arrays alive after step " + step);
      }
    }
  }

  /** Encodes random features made in {@code utterance}. */
  private NDArray encode(NDManager utterance) {
    NDArray mel = utterance.randomNormal(model.inputShapes(1, 1)[0]);
    return model.encoder().encode(store, mel, false);
  }
}
