package dev.sure4j.speech.whisper.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.SafetensorsReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixtures of tools/whisper_train_fixture.py and the tiny random Whisper. */
final class TrainFixtures {

  private TrainFixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(TrainFixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path model() {
    return resource("/whisper/tiny-random");
  }

  static Path audio() {
    return resource("/audio/mel/speech_c_16k.wav");
  }

  static SafetensorsReader reference() throws IOException {
    return SafetensorsReader.open(resource("/whisper/train_reference.safetensors"));
  }

  static long[] longs(float[] f) {
    long[] out = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = (long) f[i];
    }
    return out;
  }

  /** Asserts the largest absolute difference is within the tolerance and prints it. */
  static double assertClose(String label, float[] expected, float[] actual, double tolerance) {
    assertTrue(
        expected.length == actual.length,
        label + ": " + expected.length + " values expected, got " + actual.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("%s: max abs difference vs PyTorch %.3g%n", label, max);
    assertTrue(max <= tolerance, label + ": max abs difference " + max + " > " + tolerance);
    return max;
  }
}
