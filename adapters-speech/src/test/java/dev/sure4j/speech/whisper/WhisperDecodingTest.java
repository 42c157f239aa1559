package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Decoding with the key-value cache against tools/whisper_fixture.py, whose reference recomputes
 * the whole prefix at every step: cached step-by-step logits, greedy ids and beam ids.
 */
@Tag("parity")
class WhisperDecodingTest extends ManagedTest {

  private static final int MAX_NEW_TOKENS = 12;

  private WhisperModel model;
  private WhisperGenerationConfig rules;
  private NDArray states;

  @BeforeEach
  void load() throws Exception {
    model = WhisperModel.load(WhisperFixtures.model(), manager);
    rules =
        WhisperGenerationConfig.fromFile(
            WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG));
    NDArray mel = WhisperFeatures.of(80).features(manager, WhisperFixtures.audio());
    states = model.encoder().encode(new ParameterStore(manager, false), mel, false);
  }

  @Test
  void cachedStepsMatchTeacherForcing() throws Exception {
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      long[] ids = WhisperFixtures.ids(ref, "decoder.input_ids");
      ParameterStore store = new ParameterStore(manager, false);
      WhisperDecoderCache cache = model.decoder().newCache(store, states, false);
      NDList steps = new NDList();
      for (long id : ids) {
        steps.add(model.decoder().logits(store, manager.create(new long[][] {{id}}), cache, false));
      }
      WhisperFixtures.assertClose(
          "logits one token at a time with the cache",
          ref.readFloats("decoder.logits"),
          NDArrays.concat(steps, 1),
          1e-4);
    }
  }

  @Test
  void greedyIdsMatch() throws Exception {
    long[] ids = new WhisperGreedyDecoder(model, rules).decode(states, MAX_NEW_TOKENS);
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      long[] expected = WhisperFixtures.ids(ref, "greedy.ids");
      System.out.println("greedy ids " + Arrays.toString(ids));
      assertArrayEquals(expected, ids);
    }
  }

  @Test
  void decodingStopsAtTheEndToken() throws Exception {
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      int eos = (int) WhisperFixtures.ids(ref, "alt_eos.token")[0];
      WhisperGenerationConfig alt =
          new WhisperGenerationConfig(
              rules.decoderStartTokenId(),
              eos,
              rules.forcedDecoderIds(),
              rules.suppressTokens(),
              rules.beginSuppressTokens(),
              rules.maxLength());
      long[] greedy = new WhisperGreedyDecoder(model, alt).decode(states, MAX_NEW_TOKENS);
      long[] beam = beams(alt).decode(states, MAX_NEW_TOKENS);
      System.out.println("end token " + eos + ": greedy " + Arrays.toString(greedy));
      System.out.println("end token " + eos + ": beam " + Arrays.toString(beam));
      assertArrayEquals(WhisperFixtures.ids(ref, "alt_eos.greedy.ids"), greedy);
      assertArrayEquals(WhisperFixtures.ids(ref, "alt_eos.beam.ids"), beam);
    }
  }

  private WhisperBeamSearch beams(WhisperGenerationConfig decodingRules) {
    return WhisperBeamSearch.builder()
        .setModel(model)
        .setRules(decodingRules)
        .optBeams(3)
        .optLengthPenalty(1.0)
        .build();
  }

  @Test
  void beamIdsMatch() throws Exception {
    long[] ids = beams(rules).decode(states, MAX_NEW_TOKENS);
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      long[] expected = WhisperFixtures.ids(ref, "beam.ids");
      System.out.println("beam ids (3 beams) " + Arrays.toString(ids));
      assertArrayEquals(expected, ids);
    }
  }
}
