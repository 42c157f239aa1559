package dev.sure4j.speech.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.audio.WavReader;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperGreedyDecoder;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import dev.sure4j.speech.whisper.WhisperTranscript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link WhisperTranslator} on the tiny random Whisper of tools/whisper_fixture.py: a DJL predictor
 * over the encoder block gives PyTorch's greedy ids, long audio gives the same windows as {@link
 * WhisperTranscriber#transcribe}, and a {@code Criteria} loads the model with its LoRA ({@link
 * WhisperModelLoader}).
 */
@Tag("parity")
class WhisperTranslatorTest extends ManagedTest {

  private Path dir;
  private Path wav;
  private WhisperTranscriber transcriber;
  private Model model;

  @BeforeEach
  void load() throws Exception {
    dir = Path.of(getClass().getResource("/whisper/tiny-random").toURI());
    wav = Path.of(getClass().getResource("/audio/mel/speech_c_16k.wav").toURI());
    WhisperModel whisper = WhisperModel.load(dir, manager);
    WhisperGenerationConfig rules =
        WhisperGenerationConfig.fromFile(dir.resolve(WhisperModel.GENERATION_CONFIG));
    transcriber =
        WhisperTranscriber.builder()
            .setDecoding(new WhisperGreedyDecoder(whisper, rules))
            .setTokenizer(WhisperTokenizer.fromDirectory(dir))
            .optMaxNewTokens(12)
            .build();
    model = Model.newInstance("whisper", Device.cpu(), "PyTorch");
    model.setBlock(whisper.encoder());
  }

  @AfterEach
  void close() {
    model.close();
  }

  @Test
  void aPredictorGivesThePyTorchGreedyIds() throws Exception {
    long[] expected;
    try (SafetensorsReader ref =
        SafetensorsReader.open(dir.resolveSibling("reference.safetensors"))) {
      float[] ids = ref.readFloats("greedy.ids");
      expected = new long[ids.length - 4];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (long) ids[i + 4];
      }
    }
    try (Predictor<Path, WhisperTranscript> predictor =
        model.newPredictor(
            WhisperTranslator.of(transcriber, Path.class, WhisperTranscript.class))) {
      WhisperTranscript t = predictor.predict(wav);
      List<Long> want = new ArrayList<>();
      for (long id : expected) {
        want.add(id);
      }
      assertEquals(want, t.tokens());
    }
    try (Predictor<Path, String> text =
        model.newPredictor(WhisperTranslator.of(transcriber, Path.class, String.class))) {
      assertEquals(transcriber.transcribe(manager, samples(1)).text(), text.predict(wav));
    }
  }

  /** The test utterance repeated: 0.8 s each time. */
  private float[] samples(int times) throws Exception {
    float[] one = WavReader.read(wav).toMono().channel(0);
    float[] out = new float[one.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(one, 0, out, i * one.length, one.length);
    }
    return out;
  }

  @Test
  void longAudioDecodesEveryWindowAsTheTranscriberDoes() throws Exception {
    float[] wave = samples(40); // 32 s: two windows
    try (Predictor<float[], WhisperTranscript> predictor =
        model.newPredictor(
            WhisperTranslator.of(transcriber, float[].class, WhisperTranscript.class))) {
      WhisperTranscript batched = predictor.predict(wave);
      WhisperTranscript windows = transcriber.transcribe(manager, wave);
      System.out.println("32 s, two windows: " + batched.tokens());
      assertEquals(24, batched.tokens().size());
      assertEquals(windows, batched);
    }
  }

  @Test
  void aCriteriaLoadsWhisperWithItsLora() throws Exception {
    // tools/whisper_timestamps.py: PyTorch greedy ids with the fixture's PEFT LoRA
    Criteria<Path, WhisperTranscript> criteria =
        Criteria.builder()
            .setTypes(Path.class, WhisperTranscript.class)
            .optArgument(WhisperModelLoader.WHISPER, dir)
            .optArgument(SpeechModelLoader.ADAPTER, dir.resolveSibling("lora"))
            .optArgument(WhisperModelLoader.MAX_NEW_TOKENS, 12)
            .optEngine("PyTorch")
            .optDevice(Device.cpu())
            .build();
    try (ZooModel<Path, WhisperTranscript> zoo = criteria.loadModel();
        Predictor<Path, WhisperTranscript> predictor = zoo.newPredictor()) {
      assertEquals(
          List.of(362L, 127L, 127L, 127L, 127L, 127L, 364L, 364L, 364L, 364L, 364L, 364L),
          predictor.predict(wav).tokens());
    }
  }

  @Test
  void otherOutputTypesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> WhisperTranslator.of(transcriber, Path.class, Integer.class));
  }
}
