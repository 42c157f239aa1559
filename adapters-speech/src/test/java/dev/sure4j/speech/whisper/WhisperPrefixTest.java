package dev.sure4j.speech.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.testing.ManagedTest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prefix tuning on Whisper against PyTorch (tools/whisper_prefix_fixture.py): a prefix of 3
 * positions on every attention block of the tiny random model (encoder self-attention, decoder
 * self- and cross-attention), with the fixture's keys and values, gives PyTorch's teacher-forced
 * logits, the same logits one token at a time through the key-value cache, and PyTorch's greedy
 * ids.
 */
@Tag("parity")
class WhisperPrefixTest extends ManagedTest {

  private static final int LENGTH = 3;
  private static final int MAX_NEW_TOKENS = 12;

  private WhisperModel whisper;
  private AdapterModel model;
  private long[] ids;

  @BeforeEach
  void load() throws Exception {
    whisper = WhisperModel.load(WhisperFixtures.model(), manager);
    model = AdapterModel.wrap(whisper);
    try (SafetensorsReader ref = WhisperFixtures.reference()) {
      ids = WhisperFixtures.ids(ref, "decoder.input_ids");
    }
    model.addAdapter(
        "prefix",
        PrefixSpec.builder()
            .optLength(LENGTH)
            .optTargets(Targets.modules("self_attn", "encoder_attn"))
            .build());
    Map<String, Parameter> tensors = model.adapter("prefix").tensors();
    // 2 encoder layers x 1 attention + 2 decoder layers x 2, each a key and a value table
    assertEquals(12, tensors.size(), tensors.keySet().toString());
    try (SafetensorsReader ref = reference()) {
      for (Map.Entry<String, Parameter> e : tensors.entrySet()) {
        NDArray table = e.getValue().getArray();
        assertEquals(new Shape(LENGTH, whisper.config().dModel()), table.getShape(), e.getKey());
        table.set(ref.readFloats(e.getKey()));
      }
    }
  }

  private static SafetensorsReader reference() throws Exception {
    Path file = WhisperFixtures.root().resolve("prefix/prefix.safetensors");
    return SafetensorsReader.open(file);
  }

  private NDArray states() throws Exception {
    return WhisperFixtures.encoderStates(whisper, manager);
  }

  private NDArray teacherForced(NDArray states) {
    ParameterStore store = new ParameterStore(manager, false);
    return whisper
        .decoder()
        .logits(
            store,
            manager.create(ids).reshape(1, ids.length),
            whisper.decoder().newCache(store, states, false),
            false);
  }

  @Test
  void teacherForcedLogitsMatchPyTorch() throws Exception {
    NDArray base = teacherForced(states());
    model.setActiveAdapters("prefix");
    NDArray adapted = teacherForced(states());
    try (SafetensorsReader ref = reference()) {
      WhisperFixtures.assertClose(
          "prefix-tuned teacher-forced logits", ref.readFloats("logits"), adapted, 1e-4);
    }
    float shift = adapted.sub(base).abs().max().getFloat();
    System.out.printf("the prefixes move the logits by max %.3g%n", shift);
    assertTrue(shift > 0.5, "the prefixes must change the logits");
  }

  @Test
  void cachedStepsMatchPyTorch() throws Exception {
    model.setActiveAdapters("prefix");
    NDArray states = states();
    ParameterStore store = new ParameterStore(manager, false);
    WhisperDecoderCache cache = whisper.decoder().newCache(store, states, false);
    NDList steps = new NDList();
    for (long id : ids) {
      steps.add(whisper.decoder().logits(store, manager.create(new long[][] {{id}}), cache, false));
    }
    try (SafetensorsReader ref = reference()) {
      WhisperFixtures.assertClose(
          "prefix-tuned logits one token at a time with the cache",
          ref.readFloats("logits"),
          NDArrays.concat(steps, 1),
          1e-4);
    }
  }

  @Test
  void greedyIdsMatchPyTorch() throws Exception {
    model.setActiveAdapters("prefix");
    WhisperGenerationConfig rules =
        WhisperGenerationConfig.fromFile(
            WhisperFixtures.model().resolve(WhisperModel.GENERATION_CONFIG));
    long[] greedy = new WhisperGreedyDecoder(whisper, rules).decode(states(), MAX_NEW_TOKENS);
    System.out.println("greedy ids with the prefixes " + Arrays.toString(greedy));
    try (SafetensorsReader ref = reference()) {
      assertArrayEquals(WhisperFixtures.ids(ref, "greedy.ids"), greedy);
    }
  }
}
