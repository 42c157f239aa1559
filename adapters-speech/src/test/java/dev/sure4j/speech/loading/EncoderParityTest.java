package dev.sure4j.speech.loading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorInfo;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.GroupNormStatistics;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with torchaudio's reference HuBERT (fixtures from
 * src/test/python/make_encoder_fixtures.py): the Hugging Face layout checkpoints go through the
 * real loader and every hidden state is compared on real speech, alone and in a padded batch.
 */
@Tag("parity")
class EncoderParityTest {

  private static final float TOLERANCE = 1e-4f;

  @ParameterizedTest
  @ValueSource(strings = {"hubert_group_postln", "hubert_layer_preln"})
  void matchesReferenceHiddenStates(String variant) throws Exception {
    Path dir = Fixtures.encoderDir().resolve(variant);
    try (SafetensorsReader ref = SafetensorsReader.open(dir.resolve("reference.safetensors"));
        SafetensorsReader speech =
            SafetensorsReader.open(Fixtures.encoderDir().resolve("speech.safetensors"));
        NDManager m = NDManager.newBaseManager()) {
      float[] pcm = speech.readFloats("batch.input");
      long[] lengths = Fixtures.longs(speech, "batch.lengths");
      int width = (int) speech.info("batch.input").shape().get(1);
      float[] batch = new float[pcm.length];
      for (int i = 0; i < pcm.length; i++) {
        batch[i] = pcm[i] / 32768f;
      }
      SpeechEncoder encoder = HfCheckpointLoader.load(dir, m);
      int layers = encoder.config().numHiddenLayers();

      NDArray waves = m.create(batch, new Shape(2, width));
      NDArray a = waves.get(new NDIndex("0:1, :"));
      NDArray b = waves.get(new NDIndex("1:2, 0:{}", lengths[1]));
      EncoderOutput single = encoder.encode(a, null);
      EncoderOutput aloneB = encoder.encode(b, null);
      EncoderOutput padded = encoder.encode(waves, lengths);

      boolean grouped = variant.contains("group");
      GroupNormStatistics mode =
          grouped ? GroupNormStatistics.PADDED_ROW : GroupNormStatistics.REAL_SAMPLES;
      encoder.featureExtractor().setGroupNormStatistics(mode);
      EncoderOutput referenceStyle = encoder.encode(waves, lengths);
      encoder.featureExtractor().setGroupNormStatistics(GroupNormStatistics.REAL_SAMPLES);

      long[] refFrames = Fixtures.longs(ref, "batch.frame_lengths");
      assertArrayEquals(refFrames, padded.frameLengths(), "frames per utterance");
      assertArrayEquals(refFrames, encoder.frameLengths(lengths), "frames from the conv geometry");

      for (int i = 0; i <= layers; i++) {
        NDArray expA = reference(m, ref, "single.hidden_states." + i);
        NDArray expB = reference(m, ref, "alone_b.hidden_states." + i);
        check(
            variant + " utterance A alone, hidden state " + i, expA, single.hiddenStates().get(i));
        check(
            variant + " utterance B alone, hidden state " + i, expB, aloneB.hiddenStates().get(i));
        NDArray batchA =
            padded.hiddenStates().get(i).get(new NDIndex("0:1, 0:{}, :", refFrames[0]));
        NDArray batchB =
            padded.hiddenStates().get(i).get(new NDIndex("1:2, 0:{}, :", refFrames[1]));
        check(variant + " batch row A vs A alone, hidden state " + i, expA, batchA);
        check(variant + " batch row B vs B alone, hidden state " + i, expB, batchB);
        NDArray padding =
            padded.hiddenStates().get(i).get(new NDIndex("1:2, {}:, :", refFrames[1]));
        assertEquals(0f, padding.abs().max().getFloat(), "padded frames are zero");

        NDArray refBatch = reference(m, ref, "batch.hidden_states." + i);
        for (int u = 0; u < 2; u++) {
          NDIndex rows = new NDIndex("{}:{}, 0:{}, :", u, u + 1, refFrames[u]);
          check(
              variant
                  + " padded batch ("
                  + mode
                  + ") row "
                  + u
                  + " vs torchaudio's padded batch,"
                  + " hidden state "
                  + i,
              refBatch.get(rows),
              referenceStyle.hiddenStates().get(i).get(rows));
        }
        if (grouped) {
          NDIndex rowB = new NDIndex("1:2, 0:{}, :", refFrames[1]);
          System.out.printf(
              "%s: default (REAL_SAMPLES) row 1 vs torchaudio's padded batch, hidden state %d:"
                  + " max |diff| = %.3g (the reference's group norm sees the padding)%n",
              variant, i, maxDiff(refBatch.get(rowB), batchB));
        }
      }
      check(
          variant + " last_hidden_state (A alone)",
          reference(m, ref, "single.hidden_states." + layers),
          single.lastHiddenState());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hubert_group_postln", "hubert_layer_preln"})
  void parameterNamesAreHuggingFaceNames(String variant) throws Exception {
    Path dir = Fixtures.encoderDir().resolve(variant);
    Set<String> hf = new TreeSet<>();
    try (SafetensorsReader weights = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
      for (String n : weights.names()) {
        hf.add(n.replace("weight_g", "weight").replace("weight_v", "weight"));
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(dir, m);
      assertEquals(hf, new TreeSet<>(StateDict.of(encoder, "").keySet()));
    }
  }

  private static NDArray reference(NDManager m, SafetensorsReader ref, String name)
      throws Exception {
    TensorInfo e = ref.tensors().get(name);
    assertTrue(e != null, "reference tensor " + name);
    return m.create(ref.readFloats(name), e.shape());
  }

  private static float maxDiff(NDArray expected, NDArray actual) {
    assertEquals(expected.getShape(), actual.getShape(), "shapes");
    return expected.sub(actual).abs().max().getFloat();
  }

  private static void check(String what, NDArray expected, NDArray actual) {
    float d = maxDiff(expected, actual);
    float scale = expected.abs().max().getFloat();
    System.out.printf("%s: max |diff| = %.3g (max |ref| = %.3g)%n", what, d, scale);
    assertTrue(d <= TOLERANCE, what + ": max |diff| " + d + " > " + TOLERANCE);
  }

  /**
   * The same weights saved as a wav2vec2 pretraining checkpoint: {@code wav2vec2.} prefix, the
   * newer {@code parametrizations} weight-norm naming, quantizer and projection tensors, sharded.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hubert_group_postln", "hubert_layer_preln"})
  void wav2vec2PretrainingLayoutGivesTheSameStates(String variant, @TempDir Path tmp)
      throws Exception {
    Path dir = Fixtures.encoderDir().resolve(variant);
    Map<String, TestCheckpoints.Tensor> first = new LinkedHashMap<>();
    Map<String, TestCheckpoints.Tensor> second = new LinkedHashMap<>();
    try (SafetensorsReader weights = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
      for (TensorInfo e : weights.tensors().values()) {
        String name =
            "wav2vec2."
                + e.name()
                    .replace("weight_g", "parametrizations.weight.original0")
                    .replace("weight_v", "parametrizations.weight.original1");
        TestCheckpoints.Tensor t =
            new TestCheckpoints.Tensor(weights.readFloats(e.name()), e.shape().getShape());
        (name.contains(".encoder.") ? second : first).put(name, t);
      }
    }
    second.put(
        "quantizer.codevectors", new TestCheckpoints.Tensor(new float[6], new long[] {1, 3, 2}));
    second.put("project_q.weight", new TestCheckpoints.Tensor(new float[4], new long[] {2, 2}));
    second.put("project_hid.bias", new TestCheckpoints.Tensor(new float[2], new long[] {2}));
    second.put(
        "wav2vec2.masked_spec_embed", new TestCheckpoints.Tensor(new float[32], new long[] {32}));
    TestCheckpoints.writeSafetensors(tmp.resolve("a.safetensors"), first);
    TestCheckpoints.writeSafetensors(tmp.resolve("b.safetensors"), second);
    StringBuilder index = new StringBuilder("{\"weight_map\": {");
    String sep = "";
    for (String n : first.keySet()) {
      index.append(sep).append('"').append(n).append("\": \"a.safetensors\"");
      sep = ", ";
    }
    for (String n : second.keySet()) {
      index.append(sep).append('"').append(n).append("\": \"b.safetensors\"");
    }
    Files.writeString(tmp.resolve("model.safetensors.index.json"), index.append("}}").toString());
    String config =
        Files.readString(dir.resolve("config.json"))
            .replace("\"hubert\"", "\"wav2vec2\"")
            .replace("HubertModel", "Wav2Vec2ForPreTraining");
    Files.writeString(tmp.resolve("config.json"), config);

    try (SafetensorsReader ref = SafetensorsReader.open(dir.resolve("reference.safetensors"));
        NDManager m = NDManager.newBaseManager()) {
      float[] a = Fixtures.firstUtterance();
      int width = a.length;
      SpeechEncoder encoder = HfCheckpointLoader.load(tmp, m);
      assertEquals(EncoderConfig.ModelType.WAV2VEC2, encoder.config().modelType());
      EncoderOutput out = encoder.encode(m.create(a, new Shape(1, width)), null);
      for (int i = 0; i <= encoder.config().numHiddenLayers(); i++) {
        check(
            variant + " as a wav2vec2 pretraining checkpoint, hidden state " + i,
            reference(m, ref, "single.hidden_states." + i),
            out.hiddenStates().get(i));
      }
    }
  }
}
