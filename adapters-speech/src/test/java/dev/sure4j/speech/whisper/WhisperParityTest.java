package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.ManagedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whisper against the plain-PyTorch reference of tools/whisper_fixture.py: the front end (80 and
 * 128 mels), the encoder's last hidden state and teacher-forced logits, all from the committed test
 * audio and the tiny random checkpoint loaded through {@link WhisperModel#load}.
 */
@Tag("parity")
class WhisperParityTest extends ManagedTest {

  private static final double TOLERANCE = 1e-4;
  private static final int HEAD_FRAMES = 128;
  private static final int ENCODER_ROWS = 64;

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void logMelMatchesOpenAiWhisper(int nMels) throws Exception {
    NDArray features = WhisperFeatures.of(nMels).features(manager, WhisperFixtures.audio());
    assertArrayEquals(new long[] {1, nMels, 3000}, features.getShape().getShape());
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      WhisperFixtures.assertClose(
          "log-mel " + nMels + " frames 0-127",
          ref.readFloats("mel" + nMels + ".head"),
          features.get(new NDIndex("0, :, 0:{}", HEAD_FRAMES)),
          TOLERANCE);
      NDArray rest = features.get(new NDIndex("0, :, {}:", HEAD_FRAMES));
      float tail = ref.readFloats("mel" + nMels + ".tail")[0];
      float[] expected = new float[Math.toIntExact(rest.size())];
      java.util.Arrays.fill(expected, tail);
      WhisperFixtures.assertClose(
          "log-mel " + nMels + " frames 128-2999 (padding)", expected, rest, TOLERANCE);
    }
  }

  @Test
  void encoderMatches() throws Exception {
    WhisperModel model = WhisperModel.load(WhisperFixtures.model(), manager);
    NDArray states = encode(model);
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      WhisperFixtures.assertClose(
          "encoder states 0-63",
          ref.readFloats("encoder.head"),
          states.get(new NDIndex("0, 0:{}, :", ENCODER_ROWS)),
          TOLERANCE);
      WhisperFixtures.assertClose(
          "encoder states 1436-1499",
          ref.readFloats("encoder.tail"),
          states.get(new NDIndex("0, {}:, :", 1500 - ENCODER_ROWS)),
          TOLERANCE);
    }
  }

  @Test
  void teacherForcedLogitsMatch() throws Exception {
    WhisperModel model = WhisperModel.load(WhisperFixtures.model(), manager);
    NDArray states = encode(model);
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      long[] ids = WhisperFixtures.ids(ref, "decoder.input_ids");
      ParameterStore store = new ParameterStore(manager, false);
      NDArray logits =
          model
              .decoder()
              .logits(
                  store,
                  manager.create(ids).reshape(1, ids.length),
                  model.decoder().newCache(store, states, false),
                  false);
      WhisperFixtures.assertClose(
          "teacher-forced logits [" + ids.length + ", " + model.config().vocabSize() + "]",
          ref.readFloats("decoder.logits"),
          logits,
          TOLERANCE);
    }
  }

  private NDArray encode(WhisperModel model) throws Exception {
    NDArray mel = WhisperFeatures.of(80).features(manager, WhisperFixtures.audio());
    return model.encoder().encode(new ParameterStore(manager, false), mel, false);
  }
}
