package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.testing.Parity;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.WavReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixtures of tools/whisper_fixture.py and the comparisons the Whisper tests share. */
final class WhisperFixtures {

  private WhisperFixtures() {}

  static Path root() {
    try {
      return Path.of(WhisperFixtures.class.getResource("/whisper").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path model() {
    return root().resolve("tiny-random");
  }

  static SafetensorsReader reference() throws IOException {
    return SafetensorsReader.open(root().resolve("reference.safetensors"));
  }

  /** The 0.8 s, 16 kHz test utterance the references were computed from. */
  static float[] audio() throws IOException, URISyntaxException {
    Path wav = Path.of(WhisperFixtures.class.getResource("/audio/mel/speech_c_16k.wav").toURI());
    AudioClip clip = WavReader.read(wav);
    return clip.toMono().channel(0);
  }

  /** The encoder's states of the test utterance {@code [1, 1500, d_model]}. */
  static NDArray encoderStates(WhisperModel model, NDManager manager)
      throws IOException, URISyntaxException {
    NDArray mel = WhisperFeatures.of(model.config().numMelBins()).features(manager, audio());
    return model.encoder().encode(new ParameterStore(manager, false), mel, false);
  }

  static long[] ids(SafetensorsReader ref, String name) throws IOException {
    return Parity.longs(ref.readFloats(name));
  }

  /** Asserts the largest absolute difference is within the tolerance and prints it. */
  static double assertClose(String label, float[] expected, float[] actual, double tolerance) {
    return Parity.assertClose(label, expected, actual, tolerance);
  }

  static double assertClose(String label, float[] expected, NDArray actual, double tolerance) {
    return assertClose(label, expected, actual.toFloatArray(), tolerance);
  }
}
