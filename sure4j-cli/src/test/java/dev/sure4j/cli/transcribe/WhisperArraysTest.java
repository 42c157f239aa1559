package dev.sure4j.cli.transcribe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.encode.NpyReader;
import dev.sure4j.cli.tasks.Commands;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sure4j mel --model} and {@code ./sure4j encode} on a Whisper directory, against the
 * PyTorch references of tools/whisper_fixture.py: log-mel frames 0-127 and encoder rows 0-63 and
 * 1436-1499; on the bundled mini Whisper, the model's own 3 s window (300 frames, 150 positions).
 */
class WhisperArraysTest {

  private static final Path WHISPER = TranscribeCommandTest.WHISPER;
  private static final Path WAV = TranscribeCommandTest.WAV;

  /** The columns {@code [from, from + count)} of a row-major {@code [rows, cols]} array. */
  private static float[] columns(float[] data, int rows, int cols, int from, int count) {
    float[] out = new float[rows * count];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(data, r * cols + from, out, r * count, count);
    }
    return out;
  }

  private static void assertClose(String label, float[] expected, float[] actual) {
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("%s: max abs diff vs PyTorch %.3g%n", label, max);
    assertTrue(max <= 1e-4, label + " differs by " + max);
  }

  private static SafetensorsReader reference() throws Exception {
    return SafetensorsReader.open(SpeechFixtures.resource("whisper", "reference.safetensors"));
  }

  @Test
  void melWritesTheInputFeatures(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("mel.npy");
    Commands.run(
        "mel", "--model", WHISPER.toString(), "--audio", WAV.toString(), "--out", out.toString());
    NpyReader.Array mel = NpyReader.read(out);
    assertArrayEquals(new long[] {80, 3000}, mel.shape());
    try (SafetensorsReader ref = reference()) {
      assertClose(
          "mel --model, frames 0-127",
          ref.readFloats("mel80.head"),
          columns(mel.data(), 80, 3000, 0, 128));
    }
  }

  @Test
  void encodeWritesTheEncoderStates(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("enc.npy");
    Commands.run(
        "encode",
        "--model",
        WHISPER.toString(),
        "--audio",
        WAV.toString(),
        "--out",
        out.toString());
    NpyReader.Array enc = NpyReader.read(out);
    assertArrayEquals(new long[] {1, 1500, 32}, enc.shape());
    int rows = 64 * 32;
    try (SafetensorsReader ref = reference()) {
      assertClose(
          "encode, rows 0-63",
          ref.readFloats("encoder.head"),
          java.util.Arrays.copyOfRange(enc.data(), 0, rows));
      assertClose(
          "encode, rows 1436-1499",
          ref.readFloats("encoder.tail"),
          java.util.Arrays.copyOfRange(enc.data(), enc.data().length - rows, enc.data().length));
    }
  }

  @Test
  void theMiniWhisperTakesItsOwnThreeSecondWindow(@TempDir Path dir) throws Exception {
    Path mini = Path.of("..", "models", "mini-whisper");
    Path mel = dir.resolve("mini-mel.npy");
    Commands.run(
        "mel", "--model", mini.toString(), "--audio", WAV.toString(), "--out", mel.toString());
    assertArrayEquals(new long[] {80, 300}, NpyReader.read(mel).shape());
    Path enc = dir.resolve("mini-enc.npy");
    Commands.run(
        "encode", "--model", mini.toString(), "--audio", WAV.toString(), "--out", enc.toString());
    assertArrayEquals(new long[] {1, 150, 128}, NpyReader.read(enc).shape());
  }
}
