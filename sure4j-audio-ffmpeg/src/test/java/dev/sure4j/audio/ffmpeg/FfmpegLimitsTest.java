package dev.sure4j.audio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small compressed file that decodes to a long clip stops at the limit, having allocated the
 * limit's samples and no more; a rate outside the range is refused before decoding.
 */
class FfmpegLimitsTest {
  @TempDir Path dir;

  private final FfmpegDecoder decoder = new FfmpegDecoder();

  /** Encodes {@code seconds} of silence as FLAC, one second at a time. */
  static Path silentFlac(Path file, int rate, int seconds) throws IOException {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1)) {
      recorder.setFormat("flac");
      recorder.setAudioCodecName("flac");
      recorder.setSampleRate(rate);
      recorder.start();
      for (int s = 0; s < seconds; s++) {
        recorder.recordSamples(rate, 1, FloatBuffer.wrap(new float[rate]));
      }
      recorder.stop();
    }
    return file;
  }

  @Test
  void tenMinutesOfSilenceStopAtTheDurationLimit() throws Exception {
    Path flac = silentFlac(dir.resolve("silence.flac"), 16000, 600);
    System.out.println("600 s of silent FLAC: " + Files.size(flac) + " bytes");
    InputLimits limits = InputLimits.builder().optMaxSeconds(5).build();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    AudioException e = assertThrows(AudioException.class, () -> decoder.decode(flac, limits));
    double seconds = (System.nanoTime() - start) / 1e9;
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    System.out.printf("%s (%.2f s, %d KB allocated)%n", e.getMessage(), seconds, allocated >> 10);
    assertEquals(
        flac + ": decodes to more than the limit of 5.0 s at 16000 Hz; decoding stopped there",
        e.getMessage());
    // the whole clip is 38 MB of floats; 5 s is 320 KB
    assertTrue(allocated < 8 << 20, "allocated " + allocated + " bytes");
    assertTrue(seconds < 2, "took " + seconds + " s");
    // the recorder may keep its last frames queued: within one second of the whole
    int frames = decoder.decode(flac).frames();
    assertTrue(frames > 599 * 16000, "the default limits decode it all: " + frames + " frames");
  }

  @Test
  void theSampleCountLimitStopsDecodingToo() throws Exception {
    Path flac = silentFlac(dir.resolve("short.flac"), 16000, 3);
    InputLimits limits = InputLimits.builder().optMaxDecodedSamples(16000).build();
    AudioException e = assertThrows(AudioException.class, () -> decoder.decode(flac, limits));
    assertEquals(
        flac
            + ": decodes to more than the limit of 16000 decoded samples (1 channel(s)) at 16000"
            + " Hz; decoding stopped there",
        e.getMessage());
  }

  @Test
  void aRateOutsideTheRangeIsRefusedBeforeDecoding() throws Exception {
    Path flac = silentFlac(dir.resolve("low.flac"), 16000, 1);
    InputLimits limits = InputLimits.builder().optSampleRateRange(22050, 48000).build();
    AudioException e = assertThrows(AudioException.class, () -> decoder.decode(flac, limits));
    assertEquals(
        flac + ": sample rate of 16000 Hz is outside the accepted range 22050..48000 Hz",
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
