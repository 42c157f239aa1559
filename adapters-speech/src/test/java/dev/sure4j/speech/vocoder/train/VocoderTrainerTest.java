package dev.sure4j.speech.vocoder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.TrainableMel;
import dev.sure4j.speech.tts.data.TtsCorpus;
import dev.sure4j.speech.tts.data.TtsUtterance;
import dev.sure4j.speech.vocoder.HifiGan;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VocoderTrainer} on six recordings of the bundled TTS corpus with the tiny geometry: a few
 * updates lower the mel L1 of a fixed batch and leave the recordings as they were; a run stopped
 * half-way and resumed ends with the same generator as a run straight through.
 */
class VocoderTrainerTest {

  private static final Path TTS = Path.of("..", "data", "mini", "tts");
  private static final int SEGMENT = 4096;
  private static final PrintStream LOG = System.out;

  private static List<Path> files;
  private static VocoderCorpus corpus;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws Exception {
    files =
        TtsCorpus.read("manifest:" + TTS.resolve("base.csv")).train().stream()
            .map(TtsUtterance::audio)
            .limit(6)
            .toList();
    try (NDManager m = NDManager.newBaseManager()) {
      corpus = VocoderCorpus.load(files, MelConfig.hifigan(), SEGMENT, m);
    }
  }

  private static VocoderTrainingOptions options(long steps) {
    return options(steps, SEGMENT);
  }

  private static VocoderTrainingOptions options(long steps, int segment) {
    return new VocoderTrainingOptions(VocoderPreset.TINY, steps, 2, segment, 1e-3, 7, 2);
  }

  @Test
  void aFewUpdatesLowerTheMelL1OfAFixedBatchAndLeaveTheRecordings() throws Exception {
    Map<Path, String> before = digests();
    VocoderTrainer.train(corpus, MelConfig.hifigan(), options(0), dir.resolve("init"), false, LOG);
    VocoderTrainingResult r =
        VocoderTrainer.train(
            corpus, MelConfig.hifigan(), options(10), dir.resolve("run"), false, LOG);
    assertEquals(10, r.steps());
    double initial = fixedBatchMelL1(dir.resolve("init"));
    double trained = fixedBatchMelL1(dir.resolve("run"));
    LOG.printf("fixed-batch mel L1: %.4f before, %.4f after 10 updates%n", initial, trained);
    assertTrue(trained < 0.9 * initial, initial + " -> " + trained);
    assertEquals(before, digests(), "the recordings are unchanged");
  }

  @Test
  void aStoppedRunResumesToTheSameGenerator() throws Exception {
    int segment = 2048;
    VocoderTrainer.train(
        corpus, MelConfig.hifigan(), options(3, segment), dir.resolve("straight"), false, LOG);
    VocoderTrainer.train(
        corpus, MelConfig.hifigan(), options(2, segment), dir.resolve("run"), false, LOG);
    VocoderTrainingResult r =
        VocoderTrainer.train(
            corpus, MelConfig.hifigan(), options(3, segment), dir.resolve("run"), true, LOG);
    assertEquals(3, r.steps());
    Map<String, float[]> want = tensors(dir.resolve("straight/last/model.safetensors"));
    Map<String, float[]> got = tensors(dir.resolve("run/last/model.safetensors"));
    assertEquals(want.keySet(), got.keySet());
    for (String k : want.keySet()) {
      assertArrayEquals(want.get(k), got.get(k), k);
    }
    assertEquals(1 + 3, Files.readAllLines(dir.resolve("run/train_log.csv")).size());
  }

  @Test
  void anUnknownConfigIsRefusedInOneLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VocoderPreset.parse("v9"));
    assertEquals("vocoder config must be v3 or tiny, got 'v9'", e.getMessage());
  }

  private static double fixedBatchMelL1(Path vocoderDir) {
    try (NDManager m = NDManager.newBaseManager()) {
      HifiGan vocoder = HifiGan.load(vocoderDir, m);
      VocoderCorpus.Segments s = corpus.draw(new Random(1234), 4, SEGMENT, m);
      NDArray wave = vocoder.vocode(s.mel());
      MelConfig lossMel = MelConfig.hifigan().toBuilder().optFMax(11025).build();
      TrainableMel mel = TrainableMel.of(lossMel);
      return mel.logMel(s.wave().squeeze(1)).sub(mel.logMel(wave)).abs().mean().getFloat();
    }
  }

  private static Map<String, float[]> tensors(Path file) throws Exception {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsReader r = SafetensorsReader.open(file)) {
      for (String name : r.names()) {
        out.put(name, r.readArray(name, m).toFloatArray());
      }
    }
    return out;
  }

  private static Map<Path, String> digests() throws Exception {
    Map<Path, String> out = new LinkedHashMap<>();
    for (Path f : files) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
      out.put(f, HexFormat.of().formatHex(d));
    }
    return out;
  }
}
