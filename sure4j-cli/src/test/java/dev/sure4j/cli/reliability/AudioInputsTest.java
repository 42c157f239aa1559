package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.encode.NpyReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audio catalogue: awkward and broken WAV files, each built byte by byte from a bundled mini
 * clip and run through {@code ./sure4j encode} on the bundled backbone. Valid files of every
 * supported encoding must give the hidden states of the plain 16-bit file; broken ones must be
 * refused with one line naming the file and the fault, and no output file.
 */
class AudioInputsTest {

  private static final int RATE = 16_000;
  private static final int[] KERNELS = {10, 3, 3, 3, 3, 2, 2};
  private static final int[] STRIDES = {5, 2, 2, 2, 2, 2, 2};

  @TempDir static Path tmp;
  private static float[] clip;
  private static NpyReader.Array baseline;

  @BeforeAll
  static void baseline() throws IOException {
    clip = Wav.miniClip();
    Path wav = write("baseline.wav", Wav.file(Wav.PCM, 1, RATE, 16, Wav.s16(clip, 1)));
    Path out = tmp.resolve("baseline.npy");
    encode(wav, out).assertWorked("baseline");
    baseline = NpyReader.read(out);
    assertArrayEquals(new long[] {frames(clip.length), 128}, baseline.shape());
  }

  /** Frames of the convolution stack of mini-hubert (config.json's conv_kernel, conv_stride). */
  private static long frames(long samples) {
    long n = samples;
    for (int i = 0; i < KERNELS.length; i++) {
      n = (n - KERNELS[i]) / STRIDES[i] + 1;
    }
    return n;
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  private static Cli encode(Path audio, Path out) {
    return Cli.run(
        "encode",
        "--model",
        Cli.MODEL.toString(),
        "--audio",
        audio.toString(),
        "--out",
        out.toString());
  }

  private static float[] repeat(float[] x, int times) {
    float[] out = new float[x.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(x, 0, out, i * x.length, x.length);
    }
    return out;
  }

  private static float[] withSample(float value) {
    float[] x = clip.clone();
    x[100] = value;
    return x;
  }

  private static Arguments refusedCase(String name, byte[] bytes, String... fragments) {
    return Arguments.of(name, bytes, List.of(fragments));
  }

  static Stream<Arguments> refusedFiles() throws IOException {
    float[] x = Wav.miniClip();
    byte[] good = Wav.file(Wav.PCM, 1, RATE, 16, Wav.s16(x, 1));
    byte[] fmt = Wav.chunk("fmt ", Wav.fmt(Wav.PCM, 1, RATE, 16));
    byte[] data = Wav.s16(x, 1);
    return Stream.of(
        refusedCase("empty file", new byte[0], "truncated at byte 0"),
        refusedCase("truncated RIFF header", Arrays.copyOf(good, 10), "truncated at byte 10"),
        refusedCase(
            "text file named .wav",
            "hello, this is not audio\n".getBytes(StandardCharsets.UTF_8),
            "not a WAV file: expected 'RIFF' at byte 0, found 'hell'"),
        refusedCase(
            "RIFF but not WAVE",
            Arrays.copyOf("RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.US_ASCII), 16),
            "expected 'WAVE' at byte 8, found 'AVI '"),
        refusedCase("big-endian RIFX", rifx(good), "big-endian RIFX is not supported"),
        refusedCase(
            "header cut inside the fmt chunk",
            Arrays.copyOf(good, 30),
            "chunk 'fmt ' at byte 12 declares 16 bytes"),
        refusedCase("no data chunk", Wav.riff(fmt), "no 'data' chunk before the end of the file"),
        refusedCase(
            "data before fmt",
            Wav.riff(Wav.chunk("data", data), fmt),
            "'data' chunk at byte 12 comes before the 'fmt ' chunk"),
        refusedCase(
            "fmt chunk of 14 bytes",
            Wav.riff(Wav.chunk("fmt ", Arrays.copyOf(Wav.fmt(1, 1, RATE, 16), 14)), data),
            "'fmt ' chunk at byte 12 has 14 bytes, needs at least 16"),
        refusedCase(
            "NaN float sample",
            Wav.file(Wav.FLOAT, 1, RATE, 32, Wav.f32(withSample(Float.NaN))),
            "sample at byte 444 (frame 100, channel 0) is NaN"),
        refusedCase(
            "infinite float sample",
            Wav.file(Wav.FLOAT, 1, RATE, 32, Wav.f32(withSample(Float.NEGATIVE_INFINITY))),
            "(frame 100, channel 0) is -Infinity"),
        refusedCase(
            "infinite float64 sample",
            Wav.file(Wav.FLOAT, 1, RATE, 64, Wav.f64(withSample(Float.POSITIVE_INFINITY))),
            "(frame 100, channel 0) is Infinity"),
        refusedCase(
            "100 samples, shorter than the receptive field",
            Wav.file(Wav.PCM, 1, RATE, 16, Wav.s16(Arrays.copyOf(x, 100), 1)),
            "100 samples at 16000 Hz (0.0063 s) is shorter than the encoder's receptive field of"
                + " 400 samples"),
        refusedCase(
            "399 samples, one short of the receptive field",
            Wav.file(Wav.PCM, 1, RATE, 16, Wav.s16(Arrays.copyOf(x, 399), 1)),
            "399 samples at 16000 Hz"),
        refusedCase(
            "no samples at all",
            Wav.file(Wav.PCM, 1, RATE, 16, new byte[0]),
            "0 samples at 16000 Hz"),
        refusedCase(
            "zero channels",
            Wav.riff(Wav.chunk("fmt ", Wav.fmt(Wav.PCM, 0, RATE, 16, 0)), Wav.chunk("data", data)),
            "'fmt ' chunk declares 0 channels"),
        refusedCase(
            "zero sample rate", Wav.file(Wav.PCM, 1, 0, 16, data), "invalid sample rate of 0 Hz"),
        refusedCase(
            "sample rate of 999,999,937 Hz",
            Wav.file(Wav.PCM, 1, 999_999_937, 16, data),
            "sample rate of 999999937 Hz is outside the accepted range 1000..384000 Hz"),
        refusedCase(
            "sample rate of 1 Hz",
            Wav.file(Wav.PCM, 1, 1, 16, data),
            "sample rate of 1 Hz is outside the accepted range 1000..384000 Hz"),
        refusedCase(
            "block align that does not fit",
            Wav.riff(Wav.chunk("fmt ", Wav.fmt(Wav.PCM, 1, RATE, 16, 4)), Wav.chunk("data", data)),
            "block align 4 does not match 1 channel(s) x 2 bytes"),
        refusedCase(
            "data chunk claiming 4 GB",
            Wav.riff(fmt, Wav.chunk("data", 0xFFFFFFF0L, data)),
            "the 'data' chunk at byte 36 declares 4294967280 bytes but only " + data.length),
        refusedCase(
            "LIST chunk running past the end",
            Wav.riff(fmt, Wav.chunk("LIST", 1_000_000, new byte[8])),
            "chunk 'LIST' at byte 36 declares 1000000 bytes"),
        refusedCase(
            "data size not a whole number of frames",
            Wav.riff(fmt, Wav.chunk("data", data.length - 1, data)),
            "is not a multiple of the frame size 2 bytes"),
        refusedCase(
            "A-law",
            Wav.file(6, 1, 8000, 8, new byte[4000]),
            "unsupported format tag 6 (0x0006, A-law)"),
        refusedCase("mu-law", Wav.file(7, 1, 8000, 8, new byte[4000]), "(0x0007, mu-law)"),
        refusedCase(
            "Microsoft ADPCM",
            Wav.file(2, 1, RATE, 4, new byte[4000]),
            "(0x0002, Microsoft ADPCM)"),
        refusedCase("IMA ADPCM", Wav.file(0x11, 1, RATE, 4, new byte[4000]), "(0x0011, IMA ADPCM)"),
        refusedCase(
            "12-bit PCM",
            Wav.riff(Wav.chunk("fmt ", Wav.fmt(Wav.PCM, 1, RATE, 12, 2)), Wav.chunk("data", data)),
            "unsupported bits per sample 12 for PCM (8, 16, 24 or 32)"),
        refusedCase(
            "16-bit float",
            Wav.file(Wav.FLOAT, 1, RATE, 16, data),
            "unsupported bits per sample 16 for float (32 or 64)"));
  }

  private static byte[] rifx(byte[] wav) {
    byte[] b = wav.clone();
    b[3] = 'X';
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedFiles")
  void refusesWithOneLine(String name, byte[] bytes, List<String> fragments) throws IOException {
    Path wav = write(CaseNames.fileName(name) + ".wav", bytes);
    Path out = tmp.resolve("refused.npy");
    Cli result = encode(wav, out);
    result.assertRefused("encode", out, wav, fragments);
  }

  @org.junit.jupiter.api.Test
  void aMissingFileIsNamed() {
    Path wav = tmp.resolve("no-such-clip.wav");
    Path out = tmp.resolve("missing.npy");
    encode(wav, out).assertRefused("encode", out, List.of(wav.toString(), "missing"));
  }

  @org.junit.jupiter.api.Test
  void aDirectoryIsNotAnAudioFile() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("a-directory.wav"));
    Path out = tmp.resolve("dir.npy");
    encode(dir, out).assertRefused("encode", out, List.of(dir.toString(), "a directory"));
  }

  /**
   * A valid file and what it must give: the baseline's hidden states exactly (same samples in
   * another encoding or layout), or only the frame count (the samples differ).
   */
  private static Arguments validCase(String name, byte[] bytes, long samples, boolean same) {
    return Arguments.of(name, bytes, samples, same);
  }

  static Stream<Arguments> validFiles() throws IOException {
    float[] x = Wav.miniClip();
    int n = x.length;
    byte[] fmt = Wav.chunk("fmt ", Wav.fmt(Wav.PCM, 1, RATE, 16));
    byte[] data = Wav.s16(x, 1);
    byte[] extensible =
        java.nio.ByteBuffer.allocate(40)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .put(Wav.fmt(0xFFFE, 1, RATE, 16))
            .putShort((short) 22)
            .putShort((short) 16)
            .putInt(4)
            .putShort((short) Wav.PCM)
            .array();
    float[] half = new float[22_050];
    for (int i = 0; i < half.length; i++) {
      half[i] = x[(int) ((long) i * n / half.length)];
    }
    return Stream.of(
        validCase("8-bit unsigned PCM", Wav.file(Wav.PCM, 1, RATE, 8, Wav.pcm(x, 8)), n, false),
        validCase("24-bit PCM", Wav.file(Wav.PCM, 1, RATE, 24, Wav.pcm(x, 24)), n, true),
        validCase("32-bit PCM", Wav.file(Wav.PCM, 1, RATE, 32, Wav.pcm(x, 32)), n, true),
        validCase("32-bit float", Wav.file(Wav.FLOAT, 1, RATE, 32, Wav.f32(x)), n, true),
        validCase("64-bit float", Wav.file(Wav.FLOAT, 1, RATE, 64, Wav.f64(x)), n, true),
        validCase(
            "stereo, same on both channels",
            Wav.file(Wav.PCM, 2, RATE, 16, Wav.s16(x, 2)),
            n,
            true),
        validCase(
            "WAVE_FORMAT_EXTENSIBLE PCM",
            Wav.riff(Wav.chunk("fmt ", extensible), Wav.chunk("data", data)),
            n,
            true),
        validCase(
            "odd-sized chunk with its pad byte",
            Wav.riff(fmt, Wav.chunk("note", new byte[3]), Wav.chunk("data", data)),
            n,
            true),
        validCase(
            "LIST and fact chunks before data",
            Wav.riff(
                Wav.chunk("LIST", "INFOISFT\6\0\0\0sure4j".getBytes(StandardCharsets.US_ASCII)),
                fmt,
                Wav.chunk("fact", new byte[4]),
                Wav.chunk("data", data)),
            n,
            true),
        validCase(
            "streaming size 0xFFFFFFFF",
            Wav.riff(fmt, Wav.chunk("data", 0xFFFFFFFFL, data)),
            n,
            true),
        validCase("streaming size 0", Wav.riff(fmt, Wav.chunk("data", 0, data)), n, true),
        validCase(
            "8 kHz, resampled",
            Wav.file(Wav.PCM, 1, 8000, 16, Wav.s16(Arrays.copyOf(x, 1600), 1)),
            3200,
            false),
        validCase(
            "44.1 kHz, resampled", Wav.file(Wav.PCM, 1, 44_100, 16, Wav.s16(half, 1)), 8000, false),
        validCase("pure silence", Wav.file(Wav.PCM, 1, RATE, 16, new byte[2 * n]), n, false),
        validCase(
            "exactly the receptive field, 400 samples",
            Wav.file(Wav.PCM, 1, RATE, 16, Wav.s16(Arrays.copyOf(x, 400), 1)),
            400,
            false),
        validCase(
            "a 30 s clip",
            Wav.file(Wav.PCM, 1, RATE, 16, Wav.s16(repeat(x, 30 * RATE / n + 1), 1)),
            (30L * RATE / n + 1) * n,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFiles")
  void givesTheHiddenStates(String name, byte[] bytes, long samples, boolean same)
      throws IOException {
    Path wav = write(CaseNames.fileName(name) + ".wav", bytes);
    Path out = tmp.resolve(CaseNames.fileName(name) + ".npy");
    encode(wav, out).assertWorked(name);
    NpyReader.Array a = NpyReader.read(out);
    assertArrayEquals(new long[] {frames(samples), 128}, a.shape(), name);
    for (float v : a.data()) {
      assertTrue(Float.isFinite(v), name + ": finite hidden states");
    }
    if (same) {
      float diff = 0;
      for (int i = 0; i < a.data().length; i++) {
        diff = Math.max(diff, Math.abs(a.data()[i] - baseline.data()[i]));
      }
      assertEquals(0, diff, 1e-5, name + ": the hidden states of the same samples as 16-bit");
    }
  }
}
