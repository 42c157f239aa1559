package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.audio.AudioPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batched greedy decoding on the bundled mini Whisper, which ends its sentences: each row of {@link
 * WhisperGreedyDecoder#decodeBatch} is the token sequence {@link WhisperGreedyDecoder#decode} gives
 * that clip alone, though the rows end at different steps, and {@link
 * WhisperTranscriber#transcribeAll} gives {@link WhisperTranscriber#transcribe}'s transcripts, a
 * clip longer than the 3 s window included.
 */
class WhisperBatchDecodingTest extends ManagedTest {

  private static final Path MINI = Path.of("..", "models", "mini-whisper");
  private static final Path CLIPS = Path.of("..", "data", "mini", "ctc", "test");
  private static final String[] NAMES = {
    "utt000_0.wav", "utt003_2.wav", "utt006_3.wav", "utt008_1.wav", "utt011_2.wav", "utt015_3.wav"
  };

  private WhisperModel model;
  private WhisperGenerationConfig rules;
  private List<float[]> waves;

  @BeforeEach
  void load() throws Exception {
    model = WhisperModel.load(MINI, manager);
    rules = WhisperGenerationConfig.fromFile(MINI.resolve(WhisperModel.GENERATION_CONFIG));
    AudioPipeline audio = WhisperFeatures.pipeline(InputLimits.defaults());
    waves = new ArrayList<>();
    for (String name : NAMES) {
      waves.add(audio.load(CLIPS.resolve(name)));
    }
  }

  @Test
  void eachRowIsTheClipDecodedAlone() {
    WhisperFeatures features = WhisperFeatures.of(model.config());
    NDArray mel = features.features(manager, waves.toArray(float[][]::new), 300);
    NDArray states = model.encoder().encode(new ParameterStore(manager, false), mel, false);
    WhisperGreedyDecoder greedy = new WhisperGreedyDecoder(model, rules);
    long[][] batch = greedy.decodeBatch(states, 40);
    Set<Integer> lengths = new HashSet<>();
    for (int b = 0; b < NAMES.length; b++) {
      long[] alone = greedy.decode(states.get(new NDIndex("{}:{}", b, b + 1)), 40);
      assertArrayEquals(alone, batch[b], NAMES[b]);
      lengths.add(batch[b].length);
      assertEquals(rules.eosTokenId(), batch[b][batch[b].length - 1], NAMES[b] + " ends");
    }
    assertTrue(lengths.size() > 1, "the rows end at different steps: " + lengths);
  }

  @Test
  void statesWithoutABatchAxisAreRefused() {
    WhisperGreedyDecoder greedy = new WhisperGreedyDecoder(model, rules);
    NDArray flat = manager.zeros(new Shape(150, 128));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> greedy.decodeBatch(flat, 4));
    assertTrue(e.getMessage().contains("[batch, frames, d_model]"), e.getMessage());
    assertTrue(e.getMessage().contains("(150, 128)"), e.getMessage());
  }

  @Test
  void transcribeAllGivesEachClipsTranscript() {
    float[] first = waves.get(0);
    float[] second = waves.get(2);
    float[] stretched = new float[72_000]; // 4.5 s: two clips and silence, two 3 s windows
    System.arraycopy(first, 0, stretched, 0, first.length);
    System.arraycopy(second, 0, stretched, 48_000, second.length);
    List<float[]> all = new ArrayList<>(waves);
    all.add(1, stretched);
    WhisperTranscriber transcriber =
        WhisperTranscriber.builder()
            .setDecoding(new WhisperGreedyDecoder(model, rules))
            .setTokenizer(WhisperTokenizer.fromDirectory(MINI))
            .optMaxNewTokens(40)
            .build();
    List<WhisperTranscript> batched = transcriber.transcribeAll(manager, all, 4);
    assertEquals(all.size(), batched.size());
    for (int i = 0; i < all.size(); i++) {
      WhisperTranscript alone = transcriber.transcribe(manager, all.get(i));
      assertEquals(alone.text(), batched.get(i).text(), "clip " + i);
      assertEquals(alone.tokens(), batched.get(i).tokens(), "clip " + i);
    }
    System.out.println("mini Whisper transcripts: " + batched.stream().map(t -> t.text()).toList());
  }
}
