package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.ManagedTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Decoding with the key-value cache against tools/whisper_fixture.py, whose reference recomputes
 * the whole prefix at every step: cached step-by-step logits, greedy ids and beam ids; and with
 * timestamps (the rules of {@code WhisperTimeStampLogitsProcessor}) against
 * tools/whisper_timestamps.py.
 */
@Tag("parity")
class WhisperDecodingTest extends ManagedTest {

  private static final int MAX_NEW_TOKENS = 12;

  // tools/whisper_timestamps.py: timestamp decoding, with max_initial_timestamp_index 10 and none
  private static final long[] GREEDY_INITIAL_10 = {
    321, 322, 326, 338, 281, 377, 377, 281, 209, 209, 181, 181, 181, 6, 183
  };
  private static final long[] BEAM_INITIAL_10 = {
    321, 322, 326, 338, 281, 377, 377, 209, 209, 209, 181, 181, 181, 6, 183
  };
  private static final long[] UNBOUNDED = {
    321, 322, 326, 375, 267, 377, 377, 291, 291, 291, 181, 71, 71, 71, 71
  };

  private WhisperModel model;
  private WhisperGenerationConfig rules;
  private NDArray states;

  @BeforeEach
  void load() throws Exception {
    model = WhisperModel.load(WhisperFixtures.model(), manager);
    rules =
        WhisperGenerationConfig.fromFile(
            WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG));
    states = WhisperFixtures.encoderStates(model, manager);
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

  /** The fixture's rules without {@code <|notimestamps|>}, with a max_initial_timestamp_index. */
  private WhisperGenerationConfig timestampRules(int maxInitialIndex) {
    WhisperGenerationConfig r =
        WhisperPrompt.fromFile(WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG))
            .withTimestamps(rules);
    return new WhisperGenerationConfig(
        r.decoderStartTokenId(),
        r.eosTokenId(),
        r.forcedDecoderIds(),
        r.suppressTokens(),
        r.beginSuppressTokens(),
        r.maxLength(),
        r.timestampBegin(),
        maxInitialIndex);
  }

  @Test
  void timestampIdsMatchPyTorch() {
    WhisperGenerationConfig timestamps = timestampRules(-1);
    assertEquals(331, timestamps.timestampBegin());
    WhisperGenerationConfig bounded = timestampRules(10);
    long[] greedy = new WhisperGreedyDecoder(model, bounded).decode(states, MAX_NEW_TOKENS);
    System.out.println("timestamps, greedy " + Arrays.toString(greedy));
    assertArrayEquals(GREEDY_INITIAL_10, greedy);
    assertArrayEquals(BEAM_INITIAL_10, beams(bounded).decode(states, MAX_NEW_TOKENS));
    assertArrayEquals(
        UNBOUNDED, new WhisperGreedyDecoder(model, timestamps).decode(states, MAX_NEW_TOKENS));
    assertArrayEquals(UNBOUNDED, beams(timestamps).decode(states, MAX_NEW_TOKENS));
  }

  @Test
  void timestampIdsBecomeSegments() {
    WhisperTokenizer tokenizer = WhisperTokenizer.fromDirectory(WhisperFixtures.model());
    long[] generated = Arrays.copyOfRange(GREEDY_INITIAL_10, 3, GREEDY_INITIAL_10.length);
    List<WhisperSegment> segments = WhisperSegment.split(generated, tokenizer, 0, 0.8);
    assertEquals(2, segments.size(), segments.toString());
    assertEquals(0.14, segments.get(0).start(), 1e-9);
    assertEquals(0.92, segments.get(0).end(), 1e-9);
    assertEquals(tokenizer.decode(new long[] {281}, true), segments.get(0).text());
    assertEquals(0.92, segments.get(1).start(), 1e-9);
    assertEquals(
        tokenizer.decode(Arrays.copyOfRange(generated, 4, generated.length), true),
        segments.get(1).text());
  }
}
