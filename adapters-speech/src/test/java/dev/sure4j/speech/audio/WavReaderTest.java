package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavReaderTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "pcm8_mono, 1, 8000",
    "pcm16_mono, 1, 8000",
    "pcm24_mono, 1, 8000",
    "pcm32_mono, 1, 8000",
    "pcm8_stereo, 2, 22050",
    "pcm16_stereo, 2, 22050",
    "pcm24_stereo, 2, 22050",
    "pcm32_stereo, 2, 22050",
    "float32_mono, 1, 16000",
    "float64_stereo, 2, 44100",
    "ext_pcm24_6ch, 6, 48000",
    "ext_float32_stereo, 2, 11025",
    "stream_size_ffffffff, 2, 16000",
    "stream_size_zero, 1, 16000"
  })
  void readsFixtureAsPythonDecodedIt(String name, int channels, int rate) throws Exception {
    AudioClip clip = WavReader.parse(Npy.resource("wav/" + name + ".wav"), name);
    Npy.Array expected = Npy.read("wav/" + name + ".npy");
    assertEquals(channels, clip.channelCount(), "channels");
    assertEquals(rate, clip.sampleRate(), "rate");
    assertEquals(expected.shape()[0], clip.frames(), "frames");
    assertEquals(channels, expected.shape()[1]);
    float[] interleaved = new float[clip.frames() * channels];
    float[][] s = clip.samples();
    for (int i = 0; i < clip.frames(); i++) {
      for (int c = 0; c < channels; c++) {
        interleaved[i * channels + c] = s[c][i];
      }
    }
    double diff = Npy.maxAbsDiff(interleaved, expected.data());
    System.out.printf(
        "WAV %-22s %d ch %5d Hz %d frames: max abs diff %.3g%n",
        name, channels, rate, clip.frames(), diff);
    assertEquals(0.0, diff, "decoded samples must equal the reference exactly");
    assertEquals(-1.0f, s[0][0], "first frame is full-scale negative");
    assertEquals(clip.frames() / (double) rate, clip.durationSeconds(), 1e-12);
  }

  @Test
  void truncatedHeadersAreErrorsThatNameTheFileAndByte() {
    byte[] wav = Npy.resource("wav/pcm16_mono.wav");
    for (int cut : new int[] {0, 4, 11, 12, 20, 30, 36, 40}) {
      byte[] part = Arrays.copyOf(wav, cut);
      AudioException e = assertThrows(AudioException.class, () -> WavReader.parse(part, "cut.wav"));
      System.out.println("cut at " + cut + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("cut.wav: "), e.getMessage());
      assertTrue(e.getMessage().contains("truncated at byte " + cut), e.getMessage());
    }
  }

  @Test
  void soxPipePlaceholderSizeMeansTheRestOfTheFile() throws Exception {
    // sox writing to a pipe leaves 0x7FFFF000 as the data size (and a matching RIFF size)
    byte[] wav = Npy.resource("wav/pcm16_stereo.wav");
    int data = indexOf(wav, "data");
    ByteBuffer.wrap(wav)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(data + 4, 0x7FFFF000)
        .putInt(4, 0x7FFFF032);
    AudioClip clip = WavReader.parse(wav, "sox-pipe.wav");
    assertEquals(301, clip.frames());
    assertArrayEquals(
        WavReader.parse(Npy.resource("wav/pcm16_stereo.wav"), "ref").channel(1), clip.channel(1));
  }

  private static int indexOf(byte[] bytes, String fourcc) {
    byte[] f = fourcc.getBytes(StandardCharsets.US_ASCII);
    for (int i = 12; i + 4 <= bytes.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(bytes, i, i + 4), f)) {
        return i;
      }
    }
    throw new AssertionError("no " + fourcc);
  }

  @Test
  void truncatedDataWithDeclaredSizeIsAnError() {
    byte[] wav = Npy.resource("wav/pcm16_stereo.wav");
    byte[] part = Arrays.copyOf(wav, wav.length - 10);
    AudioException e = assertThrows(AudioException.class, () -> WavReader.parse(part, "short.wav"));
    assertTrue(e.getMessage().contains("'data' chunk"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated at byte " + part.length), e.getMessage());
  }

  @Test
  void garbageAndForeignContainersAreRejected() {
    byte[] garbage = "this is not audio at all, just text".getBytes(StandardCharsets.US_ASCII);
    assertMessage(garbage, "not a WAV file: expected 'RIFF' at byte 0, found 'this'");
    byte[] rifx = Npy.resource("wav/pcm16_mono.wav");
    rifx[3] = 'X';
    assertMessage(rifx, "big-endian RIFX");
    byte[] avi = Npy.resource("wav/pcm16_mono.wav");
    System.arraycopy("AVI ".getBytes(StandardCharsets.US_ASCII), 0, avi, 8, 4);
    assertMessage(avi, "expected 'WAVE' at byte 8, found 'AVI '");
  }

  /** A bundled WAV file with one little-endian 16-bit header field overwritten. */
  private static byte[] withShort(String resource, int offset, int value) {
    byte[] wav = Npy.resource(resource);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
    return wav;
  }

  @Test
  void unsupportedTagsAndDepthsAreNamed() {
    assertMessage(
        withShort("wav/pcm16_mono.wav", 20, 0x55),
        "unsupported format tag 85 (0x0055, MPEG layer 3)");
    assertMessage(
        withShort("wav/pcm16_mono.wav", 34, 12), "unsupported bits per sample 12 for PCM");
    assertMessage(
        withShort("wav/float32_mono.wav", 34, 16), "unsupported bits per sample 16 for float");
    assertMessage(
        withShort("wav/pcm16_stereo.wav", 32, 3),
        "block align 3 does not match 2 channel(s) x 2 bytes");
  }

  @Test
  void nonFiniteFloatSamplesAreRejected() {
    AudioClip clip = AudioClip.mono(new float[] {0.1f, 0.2f, 0.3f}, 16000);
    byte[] wav = WavWriter.toBytes(clip, SampleFormat.FLOAT32);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putFloat(44 + 4, Float.NaN);
    assertMessage(wav, "sample at byte 48 (frame 1, channel 0) is NaN");
  }

  @Test
  void dataBeforeFormatIsRejected() {
    byte[] wav = new byte[20];
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt(12)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0);
    assertMessage(wav, "'data' chunk at byte 12 comes before the 'fmt ' chunk");
  }

  @Test
  void oddSizedChunksArePaddedAndUnknownChunksSkipped() throws Exception {
    // pcm8_mono has an odd 'junk' chunk before data, and an odd-sized data chunk with a pad byte
    byte[] wav = Npy.resource("wav/pcm8_mono.wav");
    AudioClip clip = WavReader.parse(wav, "pcm8_mono");
    assertEquals(301, clip.frames());
    // RIFF 12 + fmt 24 + junk (8 + 3 + pad 1) + data (8 + 301 + pad 1)
    assertEquals(358, wav.length, "fixture layout");
  }

  @Test
  void toMonoIsTheMeanOfChannels() {
    AudioClip clip =
        AudioClip.of(new float[][] {{1f, 0.5f, -1f}, {0f, 0.25f, 1f}, {0.5f, 0f, 0f}}, 8000);
    assertArrayEquals(new float[] {0.5f, 0.25f, 0f}, clip.toMono().channel(0), 1e-7f);
  }

  private static void assertMessage(byte[] wav, String expected) {
    AudioException e = assertThrows(AudioException.class, () -> WavReader.parse(wav, "x.wav"));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().startsWith("x.wav: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
