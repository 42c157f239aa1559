package dev.sure4j.speech.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.audio.Audio;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.data.ManifestEntry;
import dev.sure4j.speech.serving.ClassPrediction;
import dev.sure4j.speech.serving.Prediction;
import dev.sure4j.speech.serving.Predictions;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.TaskData;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link Criteria} naming the bundled backbone ({@code models/mini-hubert}) and a committed
 * adapter directory loads a {@link ZooModel} from the sure4j zoo, and its {@link Predictor} answers
 * as {@link SpeechSession} does: the same class with every probability within {@value #TOLERANCE},
 * from a file, a DJL {@code Audio} or samples, one clip at a time or in a padded batch. The adapter
 * {@code dev/sure4j/speech/djl/kws} is LoRA with the SURE classification head, trained by {@code
 * ./sure4j train --data data/mini/kws --method lora --max-steps 40 --eval-every 20 --seed 0} (test
 * accuracy 0.891 on the mini corpus).
 */
class SpeechZooTest {

  /** Largest allowed difference of a class probability between two ways of predicting. */
  static final double TOLERANCE = 1e-6;

  static final Path MODEL = Path.of("..", "models", "mini-hubert");
  private static final Path MINI = Path.of("..", "data", "mini");

  static Path adapter(String name) {
    return Path.of("src", "test", "resources", "dev", "sure4j", "speech", "djl", name);
  }

  static <I, O> Criteria<I, O> criteria(Class<I> in, Class<O> out, String adapter, Device device) {
    return Criteria.builder()
        .setTypes(in, out)
        .optArgument("backbone", MODEL)
        .optArgument("adapter", adapter(adapter))
        .optEngine("PyTorch")
        .optDevice(device)
        .build();
  }

  /** Every {@code step}-th test clip of a mini corpus (the manifests are sorted by label). */
  static List<ManifestEntry> clips(String corpus, int step) throws Exception {
    List<ManifestEntry> all = TaskData.fromManifests(MINI.resolve(corpus)).test();
    List<ManifestEntry> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += step) {
      out.add(all.get(i));
    }
    return out;
  }

  private static Prediction sessionPrediction(SpeechSession session, String name, Path clip)
      throws Exception {
    return session.forward(
        name,
        session.audio().loadBatch(List.of(clip)),
        (task, out) -> Predictions.read(task, out).get(0));
  }

  static void assertSameClass(ClassPrediction expected, Classifications actual, String what) {
    assertEquals(expected.label(), actual.best().getClassName(), what);
    assertEquals(List.copyOf(expected.scores().keySet()), actual.getClassNames(), what);
    for (Map.Entry<String, Double> s : expected.scores().entrySet()) {
      double d = Math.abs(s.getValue() - actual.get(s.getKey()).getProbability());
      assertTrue(d <= TOLERANCE, what + ": " + s.getKey() + " differs by " + d);
    }
  }

  static void assertSameAnswer(Classifications expected, Classifications actual, String what) {
    assertSameAnswer(expected, actual, TOLERANCE, what);
  }

  static void assertSameAnswer(
      Classifications expected, Classifications actual, double tolerance, String what) {
    assertEquals(expected.best().getClassName(), actual.best().getClassName(), what);
    assertEquals(expected.getClassNames(), actual.getClassNames(), what);
    for (int i = 0; i < expected.getProbabilities().size(); i++) {
      double d = Math.abs(expected.getProbabilities().get(i) - actual.getProbabilities().get(i));
      assertTrue(
          d <= tolerance, what + ": " + expected.getClassNames().get(i) + " differs by " + d);
    }
  }

  /** The kws adapter through {@code Criteria}, loaded once for the tests that read files. */
  private static ZooModel<Path, Classifications> kws;

  @BeforeAll
  static void loadTheKwsModel() throws Exception {
    kws = criteria(Path.class, Classifications.class, "kws", Device.cpu()).loadModel();
  }

  @AfterAll
  static void closeTheKwsModel() {
    kws.close();
  }

  @Test
  void predictorFromCriteriaClassifiesLikeSpeechSession() throws Exception {
    List<ManifestEntry> entries = clips("kws", 22);
    int right = 0;
    try (Predictor<Path, Classifications> predictor = kws.newPredictor();
        SpeechSession session = SpeechSession.open(MODEL, Device.cpu())) {
      session.load("kws", adapter("kws"));
      for (ManifestEntry e : entries) {
        Classifications c = predictor.predict(e.audio());
        ClassPrediction expected = (ClassPrediction) sessionPrediction(session, "kws", e.audio());
        assertSameClass(expected, c, e.audio().toString());
        right += c.best().getClassName().equals(e.get("label")) ? 1 : 0;
      }
    }
    System.out.printf(
        "kws adapter through Criteria: %d of %d clips right%n", right, entries.size());
    assertTrue(right >= entries.size() - 2, right + " of " + entries.size() + " right");
  }

  @Test
  void batchPredictPadsAndEqualsPredict() throws Exception {
    List<Path> files = clips("kws", 22).stream().map(ManifestEntry::audio).toList();
    try (Predictor<Path, Classifications> predictor = kws.newPredictor()) {
      assertInstanceOf(PaddingBatchifier.class, kws.getTranslator().getBatchifier());
      List<Classifications> batch = predictor.batchPredict(files);
      assertEquals(files.size(), batch.size());
      for (int i = 0; i < files.size(); i++) {
        assertSameAnswer(predictor.predict(files.get(i)), batch.get(i), files.get(i).toString());
      }
    }
  }

  @Test
  void audioAndSamplesAnswerAsTheFile() throws Exception {
    Path file = clips("kws", 22).get(3).audio();
    float[] samples = AudioLoader.standard().load(file).channel(0);
    try (ZooModel<Audio, Classifications> byAudio =
            criteria(Audio.class, Classifications.class, "kws", Device.cpu()).loadModel();
        ZooModel<float[], Classifications> bySamples =
            criteria(float[].class, Classifications.class, "kws", Device.cpu()).loadModel();
        Predictor<Path, Classifications> p1 = kws.newPredictor();
        Predictor<Audio, Classifications> p2 = byAudio.newPredictor();
        Predictor<float[], Classifications> p3 = bySamples.newPredictor()) {
      Classifications expected = p1.predict(file);
      Classifications audio = p2.predict(new Audio(samples, 16_000f, 1));
      Classifications raw = p3.predict(samples);
      assertSameAnswer(expected, audio, "Audio");
      assertSameAnswer(expected, raw, "float[]");
    }
  }

  @Test
  void anOutputTypeThatDoesNotFitTheTaskIsRefusedBeforeLoading() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> criteria(Path.class, String.class, "kws", Device.cpu()).loadModel());
    assertTrue(e.getMessage().contains("Classifications"), e.getMessage());
    IllegalArgumentException in =
        assertThrows(
            IllegalArgumentException.class,
            () -> criteria(String.class, Classifications.class, "kws", Device.cpu()).loadModel());
    assertTrue(in.getMessage().contains("java.lang.String"), in.getMessage());
  }

  @Test
  void theZooIsRegisteredWithDjl() {
    assertInstanceOf(SpeechModelZoo.class, ModelZoo.getModelZoo(SpeechModelZoo.GROUP_ID));
    List<String> artifacts =
        ModelZoo.listModels().values().stream()
            .flatMap(List::stream)
            .filter(m -> SpeechModelZoo.GROUP_ID.equals(m.getGroupId()))
            .map(MRL::getArtifactId)
            .toList();
    assertEquals(
        Set.of(SpeechModelLoader.ARTIFACT_ID, WhisperModelLoader.ARTIFACT_ID),
        Set.copyOf(artifacts));
    assertEquals(2, artifacts.size());
  }

  @Test
  void aTranslatorOnTheCriteriaReplacesTheSpeechTranslator() throws Exception {
    // the model's own contract: waveforms [batch, samples] and lengths [batch] in, logits out
    NoBatchifyTranslator<float[], float[]> logits =
        new NoBatchifyTranslator<>() {
          @Override
          public NDList processInput(TranslatorContext ctx, float[] w) {
            NDManager m = ctx.getNDManager();
            return new NDList(m.create(w, new Shape(1, w.length)), m.create(new long[] {w.length}));
          }

          @Override
          public float[] processOutput(TranslatorContext ctx, NDList out) {
            return out.get(0).toFloatArray();
          }
        };
    Criteria<float[], float[]> c =
        Criteria.builder()
            .setTypes(float[].class, float[].class)
            .optArgument("backbone", MODEL)
            .optArgument("adapter", adapter("kws"))
            .optTranslator(logits)
            .build();
    try (ZooModel<float[], float[]> model = c.loadModel();
        Predictor<float[], float[]> predictor = model.newPredictor()) {
      assertSame(logits, model.getTranslator());
      assertEquals(11, predictor.predict(new float[16_000]).length, "one logit per kws class");
    }
  }

  @Test
  void aGpuTheEngineDoesNotSeeIsRefusedBeforeLoading() {
    Device missing = Device.gpu(Engine.getInstance().getGpuCount());
    String expected = missing + " requested, but the PyTorch engine sees ";
    IllegalArgumentException byCriteria =
        assertThrows(
            IllegalArgumentException.class,
            () -> criteria(Path.class, Classifications.class, "kws", missing).loadModel());
    assertTrue(byCriteria.getMessage().startsWith(expected), byCriteria.getMessage());
    IllegalArgumentException bySession =
        assertThrows(IllegalArgumentException.class, () -> SpeechSession.open(MODEL, missing));
    assertTrue(bySession.getMessage().startsWith(expected), bySession.getMessage());
  }

  @Test
  void criteriaWithoutTheDirectoriesIsNotForThisZoo() {
    Criteria<Path, Classifications> c =
        Criteria.builder()
            .setTypes(Path.class, Classifications.class)
            .optGroupId(SpeechModelZoo.GROUP_ID)
            .build();
    ModelNotFoundException e = assertThrows(ModelNotFoundException.class, c::loadModel);
    assertNotNull(e.getCause());
    // the last loader tried answers: the task-adapter loader or the Whisper one
    String why = e.getCause().getMessage();
    assertTrue(why.contains("'backbone' and 'adapter'") || why.contains("'whisper'"), why);
  }

  @Test
  void aMissingAdapterDirectoryNamesIt() {
    Criteria<Path, Classifications> c =
        Criteria.builder()
            .setTypes(Path.class, Classifications.class)
            .optArgument("backbone", MODEL)
            .optArgument("adapter", "no/such/adapter")
            .build();
    NoSuchFileException e = assertThrows(NoSuchFileException.class, c::loadModel);
    assertTrue(e.getMessage().contains(Path.of("no/such/adapter").toString()), e.getMessage());
  }
}
