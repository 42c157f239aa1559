package dev.sure4j.speech.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.IntentPrediction;
import dev.sure4j.speech.serving.Predictions;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskData;
import dev.sure4j.speech.tasks.TaskFiles;
import dev.sure4j.speech.tasks.TaskType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intent and CTC task forms through {@code Criteria}: an intent adapter answers with an {@link
 * IntentPrediction}, a CTC adapter with its transcript, each as {@link SpeechSession} reads them.
 * The intent adapter under {@code dev/sure4j/speech/djl/intent} is the bottleneck trained by {@code
 * ./sure4j train --data data/mini/intent --method bottleneck --max-steps 40 --eval-every 20 --seed
 * 0} (test accuracy 0.331: enough to compare two ways of predicting). The CTC adapter is written at
 * its initialisation by the test; it is a ConvAdapter, whose outputs depend on padding, so {@code
 * batchPredict} runs one clip per pass and equals {@code predict} exactly.
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

  /**
   * Writes a CTC adapter directory on the bundled backbone: a ConvAdapter and a CTC head at their
   * seeded initialisation, with the character vocabulary of the mini ASR corpus.
   */
  private static Path untrainedCtcAdapter(Path dir) throws Exception {
    SpeechTask task =
        SpeechTask.fromTrainingData(
            "ctc",
            TaskType.CTC,
            TaskData.fromManifests(Path.of("..", "data", "mini", "ctc")).train());
    Engine.getInstance().setRandomSeed(7);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      SpeechEncoder encoder = HfCheckpointLoader.load(SpeechZooTest.MODEL, m);
      AdapterModel model = AdapterModel.wrap(encoder);
      model.addAdapter("ctc", ConvAdapterSpec.builder().build(), task.newHead(encoder, m));
      AdapterFiles.save(
          model, "ctc", dir, Provenance.builder().setBaseModel("mini-hubert").build());
    }
    TaskFiles.save(task, dir);
    return dir;
  }

  @Test
  void ctcAdapterAnswersWithItsTranscriptOneClipPerPass(@TempDir Path tmp) throws Exception {
    Path adapter = untrainedCtcAdapter(tmp.resolve("ctc"));
    List<Path> files = SpeechZooTest.clips("ctc", 40).stream().map(ManifestEntry::audio).toList();
    Criteria<Path, String> criteria =
        Criteria.builder()
            .setTypes(Path.class, String.class)
            .optArgument("backbone", SpeechZooTest.MODEL)
            .optArgument("adapter", adapter)
            .optDevice(Device.cpu())
            .build();
    try (ZooModel<Path, String> model = criteria.loadModel();
        Predictor<Path, String> predictor = model.newPredictor();
        SpeechSession session = SpeechSession.open(SpeechZooTest.MODEL, Device.cpu())) {
      session.load("ctc", adapter);
      assertNull(model.getTranslator().getBatchifier(), "no padding for the ConvAdapter");
      List<String> batch = predictor.batchPredict(files);
      for (int i = 0; i < files.size(); i++) {
        String expected = session.predict("ctc", files.get(i));
        System.out.printf("ctc %s: '%s'%n", files.get(i).getFileName(), expected);
        assertFalse(expected.isEmpty(), "an untrained head still emits characters");
        assertEquals(expected, predictor.predict(files.get(i)), files.get(i).toString());
        assertEquals(expected, batch.get(i), files.get(i).toString());
      }
    }
  }
}
