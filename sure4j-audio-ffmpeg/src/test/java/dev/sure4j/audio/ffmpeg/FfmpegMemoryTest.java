package dev.sure4j.audio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioLimitException;
import dev.sure4j.speech.audio.AudioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding from memory (a custom AVIO context over the bytes) gives exactly what decoding the same
 * file gives, for every container of the demuxer allow-list, and within the same limits.
 */
class FfmpegMemoryTest {
  @TempDir Path dir;

  private final FfmpegDecoder decoder = new FfmpegDecoder();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yes.flac",
        "yes_stereo.flac",
        "yes_44k_stereo24.flac",
        "yes.ogg",
        "yes_stereo.ogg",
        "yes.opus",
        "yes.mp3",
        "yes.m4a",
        "yes_stereo.m4a"
      })
  void memoryDecodesExactlyAsTheFile(String name) throws Exception {
    Path file = Fixtures.path(name);
    AudioClip fromFile = decoder.decode(file);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    AudioClip fromMemory =
        decoder.decode(Files.readAllBytes(file), "request body", ext, InputLimits.defaults());
    assertEquals(fromFile.sampleRate(), fromMemory.sampleRate(), name);
    assertEquals(fromFile.channelCount(), fromMemory.channelCount(), name);
    assertEquals(fromFile.frames(), fromMemory.frames(), name);
    for (int c = 0; c < fromFile.channelCount(); c++) {
      assertArrayEquals(fromFile.channel(c), fromMemory.channel(c), name + " channel " + c);
    }
    System.out.printf(
        "%s: %d frames x %d channels at %d Hz, equal from memory%n",
        name, fromMemory.frames(), fromMemory.channelCount(), fromMemory.sampleRate());
  }

  @Test
  void theLoaderDecodesBodiesInMemoryThroughFfmpeg() throws Exception {
    AudioLoader loader = AudioLoader.of(List.of(decoder));
    byte[] ogg = Files.readAllBytes(Fixtures.path("yes.ogg"));
    AudioClip clip = loader.load(ogg, "request body", "bin");
    assertEquals(decoder.decode(Fixtures.path("yes.ogg")).frames(), clip.frames());
    byte[] wav = Files.readAllBytes(Fixtures.path("yes.wav"));
    assertEquals(
        Fixtures.wav("yes.wav").frames(), loader.load(wav, "request body", "bin").frames());
  }

  @Test
  void tenMinutesOfSilenceInMemoryStopAtTheDurationLimit() throws Exception {
    byte[] flac =
        Files.readAllBytes(FfmpegLimitsTest.silentFlac(dir.resolve("silence.flac"), 16000, 600));
    InputLimits limits = InputLimits.builder().optMaxSeconds(5).build();
    long start = System.nanoTime();
    AudioLimitException e =
        assertThrows(
            AudioLimitException.class, () -> decoder.decode(flac, "request body", "flac", limits));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s (%.2f s)%n", e.getMessage(), seconds);
    assertEquals(
        "request body: decodes to more than the limit of 5.0 s at 16000 Hz; decoding stopped there",
        e.getMessage());
    assertTrue(seconds < 2, "took " + seconds + " s");
  }

  @Test
  void aBodyOverTheByteLimitIsRefusedBeforeDecoding() throws Exception {
    byte[] flac = Files.readAllBytes(Fixtures.path("yes.flac"));
    InputLimits limits = InputLimits.builder().optMaxBodyBytes(1000).build();
    AudioLimitException e =
        assertThrows(
            AudioLimitException.class,
            () -> AudioLoader.of(List.of(decoder)).withLimits(limits).load(flac, "body", "flac"));
    assertEquals(
        "body: " + flac.length + " bytes is more than the limit of 1000 bytes", e.getMessage());
  }
}
