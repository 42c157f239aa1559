package dev.sure4j.speech.loading;

import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Locates the committed encoder fixtures. */
final class Fixtures {

  private Fixtures() {}

  static Path encoderDir() throws URISyntaxException {
    return Path.of(
            Fixtures.class.getResource("/dev/sure4j/speech/encoder/speech.safetensors").toURI())
        .getParent();
  }

  /**
   * Returns the first utterance of the committed speech batch (the espeak-ng wav, int16 PCM) as
   * floats in [-1, 1), the input the reference scripts feed their models.
   */
  static float[] firstUtterance() throws IOException, URISyntaxException {
    try (SafetensorsReader speech =
        SafetensorsReader.open(encoderDir().resolve("speech.safetensors"))) {
      float[] pcm = speech.readFloats("batch.input");
      int width = (int) speech.info("batch.input").shape().get(1);
      float[] a = new float[width];
      for (int i = 0; i < width; i++) {
        a[i] = pcm[i] / 32768f;
      }
      return a;
    }
  }

  /** Reads an integer tensor (I64, I32 or I16) exactly. */
  static long[] longs(SafetensorsReader reader, String name) throws IOException {
    TensorInfo info = reader.info(name);
    ByteBuffer raw = reader.readRaw(name);
    long[] out = new long[(int) info.elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (info.dtype()) {
            case I64 -> raw.getLong();
            case I32 -> raw.getInt();
            case I16 -> raw.getShort();
            default -> throw new IllegalArgumentException(name + " is " + info.dtype());
          };
    }
    return out;
  }
}
