package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile WAV headers and long clips are refused by {@link InputLimits} before samples are
 * allocated or a resampler is built: one line naming the file and the value, in well under a
 * second, with the bytes this thread allocates measured.
 */
class AudioLimitsTest {
  @TempDir Path dir;

  private static final AudioLoader WAV_ONLY = AudioLoader.of(List.of());

  /** A 16-bit mono WAV header declaring {@code rate} and a data chunk of {@code dataBytes}. */
  private static byte[] wav(long rate, long declaredData, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
    b.putInt((int) rate).putInt((int) (rate * 2)).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt((int) declaredData);
    return b.array();
  }

  @Test
  void extremeSampleRatesAreRefusedBeforeAnyResamplerIsBuilt() throws Exception {
    for (long rate : new long[] {999_999_937L, 1L}) {
      Path file = dir.resolve(rate + ".wav");
      Files.write(file, wav(rate, 8, 8));
      AudioPipeline pipeline = AudioPipeline.builder().optLoader(WAV_ONLY).build();
      String message = refusedCheaply(() -> pipeline.load(file));
      assertEquals(
          file + ": sample rate of " + rate + " Hz is outside the accepted range 1000..384000 Hz",
          message);
      assertEquals(0, pipeline.resamplerCount());
    }
  }

  @Test
  void aClipAtAnOutOfRangeRateIsRefusedByTheProcessingStepToo() {
    AudioPipeline pipeline = AudioPipeline.builder().optLoader(WAV_ONLY).build();
    String message =
        refusedCheaply(() -> pipeline.process(AudioClip.mono(new float[4], 999_999_937), "clip"));
    assertTrue(message.startsWith("clip: sample rate of 999999937 Hz"), message);
    assertEquals(0, pipeline.resamplerCount());
  }

  @Test
  void aHugeDeclaredDataSizeIsRefusedWithoutAllocating() {
    String message = refusedCheaply(() -> WavReader.parse(wav(16000, 0xFFFFFFF0L, 8), "huge.wav"));
    assertEquals(
        "huge.wav: truncated at byte 52: the 'data' chunk at byte 36 declares 4294967280 bytes but"
            + " only 8 follow",
        message);
  }

  @Test
  void aDataChunkOverTheDurationLimitIsRefusedBeforeItsSamplesAreDecoded() {
    // 8 MB of data: 256 s at 16 kHz, 16 MB as floats if it were decoded
    byte[] bytes = wav(16000, 8 << 20, 8 << 20);
    InputLimits limits = InputLimits.builder().optMaxSeconds(30).build();
    String message = refusedCheaply(() -> WavReader.parse(bytes, "long.wav", limits));
    assertEquals(
        "long.wav: 262.14 s of audio (4194304 frames at 16000 Hz) is longer than the limit of"
            + " 30.0 s",
        message);
    // the streaming placeholder (the rest of the file) is counted the same way
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
    String streaming = refusedCheaply(() -> WavReader.parse(bytes, "pipe.wav", limits));
    assertTrue(streaming.startsWith("pipe.wav: 262.14 s of audio"), streaming);
  }

  @Test
  void tooManySamplesAreRefusedEvenWithinTheDuration() {
    byte[] bytes = wav(16000, 64_000, 64_000);
    InputLimits limits = InputLimits.builder().optMaxDecodedSamples(10_000).build();
    String message = refusedCheaply(() -> WavReader.parse(bytes, "x.wav", limits));
    assertEquals(
        "x.wav: 32000 samples (1 channel(s) x 32000 frames) are more than the limit of 10000"
            + " decoded samples",
        message);
  }

  @Test
  void filesAndStreamsOverTheBodyLimitAreNotRead() throws Exception {
    byte[] bytes = wav(16000, 2000, 2000);
    InputLimits limits = InputLimits.builder().optMaxBodyBytes(1000).build();
    Path file = dir.resolve("big.wav");
    Files.write(file, bytes);
    assertEquals(
        file + ": 2044 bytes is more than the limit of 1000 bytes",
        refusedCheaply(() -> WavReader.read(file, limits)));
    assertEquals(
        "stdin: more than the limit of 1000 bytes",
        refusedCheaply(() -> WavReader.read(new ByteArrayInputStream(bytes), "stdin", limits)));
    assertEquals(1000, WavReader.read(file).frames(), "the default limits read it");
  }

  @Test
  void theDurationIsCheckedBeforeResampling() throws Exception {
    Path file = dir.resolve("long44k.wav");
    WavWriter.write(file, AudioClip.mono(new float[44100 * 3], 44100), SampleFormat.PCM_S16);
    AudioPipeline pipeline =
        AudioPipeline.builder()
            .optLoader(WAV_ONLY)
            .optLimits(InputLimits.builder().optMaxSeconds(2).build())
            .build();
    String message = refusedCheaply(() -> pipeline.load(file));
    assertTrue(message.contains("3.00 s of audio (132300 frames at 44100 Hz)"), message);
    assertTrue(message.endsWith("longer than the limit of 2.0 s"), message);
    assertEquals(0, pipeline.resamplerCount(), "no resampler was built");
    AudioException direct =
        assertThrows(
            AudioException.class,
            () -> pipeline.process(AudioClip.mono(new float[44100 * 3], 44100), "clip"));
    assertTrue(direct.getMessage().startsWith("clip: 3.00 s of audio"), direct.getMessage());
  }

  @Test
  void theResamplerCacheKeepsOnlyTheMostRecentRates() throws Exception {
    AudioPipeline pipeline = AudioPipeline.builder().optLoader(WAV_ONLY).build();
    for (int k = 1; k <= 50; k++) {
      int rate = 1000 * k + (k % 2 == 0 ? 0 : 50); // 50 distinct rates, 1050 .. 50000 Hz
      float[] x = pipeline.process(AudioClip.mono(new float[rate / 10], rate), "r" + rate);
      assertEquals(1600, x.length, rate + " Hz: 0.1 s at 16 kHz");
      assertTrue(
          pipeline.resamplerCount() <= AudioPipeline.RESAMPLER_CACHE_SIZE,
          "after " + k + " rates the cache holds " + pipeline.resamplerCount());
    }
    assertTrue(pipeline.resamplerCount() > 0);
  }

  @Test
  void aDecoderProgramThatHangsIsStoppedAtTheTimeout() throws Exception {
    // a stand-in for a program stuck on a hostile file: a shell whose child keeps stdout open
    Path program = dir.resolve("ffmpeg");
    Files.writeString(program, "#!/bin/sh\nsleep 60\n");
    assertTrue(program.toFile().setExecutable(true));
    Path file = Files.write(dir.resolve("stuck.mp3"), new byte[] {1, 2, 3});
    CommandLineDecoder decoder =
        CommandLineDecoder.of(CommandLineDecoder.Tool.FFMPEG, program)
            .withTimeout(Duration.ofSeconds(1));
    long start = System.nanoTime();
    AudioException e = assertThrows(AudioException.class, () -> decoder.decode(file));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("stopped after %.2f s: %s%n", seconds, e.getMessage());
    assertEquals(file + ": ffmpeg took longer than 1 s to decode it; stopped", e.getMessage());
    assertTrue(seconds < 10, "stopped after " + seconds + " s");
  }

  /**
   * Runs a refusal and returns its message, checking it is one line and cost under a second and
   * under 4 MB allocated on this thread.
   */
  private static String refusedCheaply(Executable call) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long bytesBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    AudioException e = assertThrows(AudioException.class, call);
    long nanos = System.nanoTime() - start;
    long allocated = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
    System.out.printf(
        "%s (%.1f ms, %d KB allocated)%n", e.getMessage(), nanos / 1e6, allocated >> 10);
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(nanos < 1_000_000_000L, "took " + nanos / 1e6 + " ms");
    assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes");
    return e.getMessage();
  }

  @Test
  void sizeLimitsAreAudioLimitExceptionsAndARateIsNot() {
    InputLimits limits = InputLimits.builder().optMaxSeconds(1).optMaxBodyBytes(100).build();
    assertThrows(
        AudioLimitException.class, () -> AudioBounds.checkLength(limits, 16_001, 1, 16_000, "x"));
    assertThrows(AudioLimitException.class, () -> AudioBounds.checkBytes(limits, 101, "x"));
    assertTrue(AudioBounds.stoppedAtLimit(limits, 1, 16_000, "x") instanceof AudioLimitException);
    AudioException rate =
        assertThrows(AudioException.class, () -> AudioBounds.checkRate(limits, 1, "x"));
    assertFalse(rate instanceof AudioLimitException, rate.getMessage());
  }
}
