package dev.sure4j.speech.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.IntentPrediction;
import dev.sure4j.speech.serving.Predictions;
import dev.sure4j.speech.tasks.SpeechSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The intent and CTC task forms through {@code Criteria}: an intent adapter answers with an {@link
 * IntentPrediction}, a CTC adapter with its transcript, each as {@link SpeechSession#predict} words
 * it. The adapters under {@code dev/sure4j/speech/djl/} were trained by {@code ./sure4j train
 * --max-steps 40 --eval-every 20 --seed 0} on the mini corpus: {@code intent} (bottleneck, test
 * accuracy 0.331) and {@code ctc} (ConvAdapter, whose outputs depend on padding, so {@code
 * batchPredict} runs one clip per pass and equals {@code predict} exactly).
 */
class SpeechZooFormsTest {

  @Test
  void intentAdapterAnswersWithItsThreeSlots() throws Exception {
    try (ZooModel<Path, IntentPrediction> model =
            SpeechZooTest.criteria(Path.class, IntentPrediction.class, "intent", Device.cpu())
                .loadModel();
        Predictor<Path, IntentPrediction> predictor = model.newPredictor();
        SpeechSession session = SpeechSession.open(SpeechZooTest.MODEL, Device.cpu())) {
      session.load("intent", SpeechZooTest.adapter("intent"));
      for (ManifestEntry e : SpeechZooTest.clips("intent", 40)) {
        IntentPrediction expected =
            session.forward(
                "intent",
                session.audio().loadBatch(List.of(e.audio())),
                (task, out) -> (IntentPrediction) Predictions.read(task, out).get(0));
        IntentPrediction actual = predictor.predict(e.audio());
        assertEquals(session.predict("intent", e.audio()), actual.text(), e.audio().toString());
        List<ClassPrediction> want =
            List.of(expected.action(), expected.object(), expected.location());
        List<ClassPrediction> got = List.of(actual.action(), actual.object(), actual.location());
        for (int slot = 0; slot < 3; slot++) {
          assertEquals(want.get(slot).scores().keySet(), got.get(slot).scores().keySet());
          for (String k : want.get(slot).scores().keySet()) {
            double d = Math.abs(want.get(slot).scores().get(k) - got.get(slot).scores().get(k));
            assertTrue(
                d <= SpeechZooTest.TOLERANCE, e.audio() + " slot " + slot + " " + k + ": " + d);
          }
        }
      }
    }
  }
}
