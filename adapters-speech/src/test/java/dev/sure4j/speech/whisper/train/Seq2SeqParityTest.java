package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.adapters.testing.Parity;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The padded batch, teacher-forced logits, loss (label smoothing 0 and 0.1) and gradients of the
 * tiny random Whisper against tools/whisper_train_fixture.py (PyTorch's {@code cross_entropy} with
 * {@code ignore_index=-100}).
 */
@Tag("parity")
class Seq2SeqParityTest extends ManagedTest {

  private static final double TOLERANCE = 1e-5;
  private static final String[] TEXTS = {" hello world", " the quick brown fox jumps"};
  private static final String[] GRADS = {
    "model.decoder.layers.1.fc2.weight",
    "model.decoder.embed_tokens.weight",
    "model.encoder.layers.0.self_attn.q_proj.weight",
  };

  @Test
  void batchLayoutMatchesHuggingFace() throws Exception {
    WhisperTargets targets = targets();
    try (SafetensorsReader ref = TrainFixtures.reference()) {
      assertArrayEquals(Parity.longs(ref.readFloats("batch.input_ids")), targets.inputIds());
      assertArrayEquals(Parity.longs(ref.readFloats("batch.labels")), targets.labels());
    }
  }

  @Test
  void logitsLossAndGradientsMatchPyTorch() throws Exception {
    WhisperModel model = WhisperModel.load(TrainFixtures.model(), manager);
    Map<String, Parameter> params = StateDict.of(model, "");
    try (SafetensorsReader ref = TrainFixtures.reference()) {
      WhisperBatch batch = WhisperBatch.of(manager, features(ref), targets());
      for (String g : GRADS) {
        params.get(g).getArray().setRequiresGradient(true);
      }
      ParameterStore store = new ParameterStore(manager, false);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = model.forward(store, batch.data(), true).singletonOrThrow();
        Parity.assertClose(
            "teacher-forced logits", ref.readFloats("logits"), logits.toFloatArray(), 1e-4);
        NDArray plain = new Seq2SeqLoss(0).evaluate(batch.labelList(), new NDList(logits));
        Parity.assertClose(
            "loss, label smoothing 0",
            ref.readFloats("loss.eps0"),
            new float[] {plain.getFloat()},
            TOLERANCE);
        NDArray smoothed = new Seq2SeqLoss(0.1).evaluate(batch.labelList(), new NDList(logits));
        Parity.assertClose(
            "loss, label smoothing 0.1",
            ref.readFloats("loss.eps0.1"),
            new float[] {smoothed.getFloat()},
            TOLERANCE);
        collector.backward(smoothed);
      }
      for (String g : GRADS) {
        Parity.assertClose(
            "gradient of " + g,
            ref.readFloats("grad." + g),
            params.get(g).getArray().getGradient().toFloatArray(),
            TOLERANCE);
      }
    }
  }

  /** Rebuilds [2, 80, 3000] from the stored first 128 frames and the constant rest. */
  private NDArray features(SafetensorsReader ref) throws Exception {
    float[] head = ref.readFloats("batch.mel.head");
    float[] tail = ref.readFloats("batch.mel.tail");
    int mels = 80;
    int frames = 3000;
    int kept = 128;
    float[] all = new float[2 * mels * frames];
    for (int b = 0; b < 2; b++) {
      for (int m = 0; m < mels; m++) {
        int row = (b * mels + m) * frames;
        java.util.Arrays.fill(all, row + kept, row + frames, tail[b]);
        System.arraycopy(head, (b * mels + m) * kept, all, row, kept);
      }
    }
    return manager.create(all, new Shape(2, mels, frames));
  }

  private static WhisperTargets targets() {
    WhisperTokenizer tokenizer = WhisperTokenizer.fromDirectory(TrainFixtures.model());
    WhisperGenerationConfig rules =
        WhisperGenerationConfig.fromFile(
            TrainFixtures.model().resolve(WhisperModel.GENERATION_CONFIG));
    long eot = tokenizer.tokenId(WhisperTokenizer.END_OF_TEXT);
    return WhisperTargets.of(
        rules.prompt(),
        List.of(tokenizer.encode(TEXTS[0]), tokenizer.encode(TEXTS[1])),
        eot,
        eot,
        448);
  }
}
