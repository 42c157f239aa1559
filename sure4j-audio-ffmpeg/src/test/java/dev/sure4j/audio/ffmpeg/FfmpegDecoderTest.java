package dev.sure4j.audio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.audio.AudioPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In-JVM decoding of every fixture format against independent references: the source WAV for FLAC
 * (lossless), sox/libvorbis for Ogg Vorbis, and the source WAV by SNR for the lossy formats that no
 * other decoder on the build machine reads (MP3, M4A/AAC, Opus).
 */
class FfmpegDecoderTest {
  private final FfmpegDecoder decoder = new FfmpegDecoder();

  @ParameterizedTest
  @ValueSource(strings = {"yes", "yes_stereo", "yes_44k_stereo24"})
  void flacDecodesToExactlyTheSourceWav(String stem) throws Exception {
    AudioClip wav = Fixtures.wav(stem + ".wav");
    AudioClip flac = decoder.decode(Fixtures.path(stem + ".flac"));
    assertEquals(wav.sampleRate(), flac.sampleRate());
    assertEquals(wav.channelCount(), flac.channelCount());
    assertEquals(wav.frames(), flac.frames());
    for (int c = 0; c < wav.channelCount(); c++) {
      double diff = Fixtures.maxAbsDiff(wav.channel(c), flac.channel(c));
      System.out.printf("%s.flac channel %d: max abs diff vs WAV %.3g%n", stem, c, diff);
      assertEquals(0.0, diff, stem + ".flac channel " + c + " is lossless");
    }
  }

  /**
   * sox decodes Vorbis with libvorbis to 16-bit integers, FFmpeg with its own decoder to float:
   * they agree within one 16-bit step (1 / 32768).
   */
  @ParameterizedTest
  @ValueSource(strings = {"yes", "yes_stereo"})
  void oggVorbisMatchesSox(String stem) throws Exception {
    AudioClip sox = Fixtures.wav(stem + ".ogg.sox.wav");
    AudioClip ogg = decoder.decode(Fixtures.path(stem + ".ogg"));
    assertEquals(sox.sampleRate(), ogg.sampleRate());
    assertEquals(sox.channelCount(), ogg.channelCount());
    // FFmpeg keeps the last Vorbis block of the mono file (10368 frames, sox trims to 10008)
    assertTrue(
        ogg.frames() >= sox.frames() && ogg.frames() <= sox.frames() + 512,
        stem + ".ogg: " + ogg.frames() + " frames, sox " + sox.frames());
    for (int c = 0; c < sox.channelCount(); c++) {
      double diff = Fixtures.maxAbsDiff(sox.channel(c), ogg.channel(c));
      System.out.printf(
          "%s.ogg channel %d: %d frames (sox %d), max abs diff vs sox %.3g%n",
          stem, c, ogg.frames(), sox.frames(), diff);
      assertTrue(diff <= 1.0 / 32768, stem + ".ogg channel " + c + ": max abs diff " + diff);
    }
  }

  /**
   * Lossy files (encoded from the WAV plus 0.25 s of silence, see {@code EncodeFixtures}) at 16
   * kHz: the whole source is there, aligned (within {@code maxLag} samples), above a minimum SNR;
   * each channel matches its own source channel and not the other.
   */
  @ParameterizedTest(name = "{0}.{1}")
  @CsvSource({
    "yes, mp3, 16000, 20, 0",
    "yes_stereo, mp3, 16000, 14, 0",
    "yes, m4a, 16000, 15, 0",
    "yes_stereo, m4a, 16000, 11, 0",
    "yes, opus, 48000, 17, 0",
    "yes_stereo, opus, 48000, 16, 1",
    "yes, ogg, 16000, 17, 0",
    "yes_stereo, ogg, 16000, 15, 0",
  })
  void lossyFilesMatchTheSourceBySnr(
      String stem, String extension, int rate, double minSnrDb, int maxLag) throws Exception {
    AudioClip wav = Fixtures.wav(stem + ".wav");
    AudioClip decoded = decoder.decode(Fixtures.path(stem + "." + extension));
    assertEquals(rate, decoded.sampleRate(), "the file's own rate");
    assertEquals(wav.channelCount(), decoded.channelCount());
    AudioClip at16k = Fixtures.at(decoded, 16000);
    int maxFrames = wav.frames() + EncodeFixtures.PAD_FRAMES;
    assertTrue(
        at16k.frames() >= wav.frames() && at16k.frames() <= maxFrames,
        at16k.frames() + " frames at 16 kHz, expected " + wav.frames() + ".." + maxFrames);
    for (int c = 0; c < wav.channelCount(); c++) {
      float[] x = at16k.channel(c);
      int lag = Fixtures.bestLag(wav.channel(c), x, 2);
      double snr = Fixtures.snrDb(wav.channel(c), x, lag);
      System.out.printf(
          "%s.%s channel %d: %d Hz, %d frames (%d at 16 kHz), lag %d, SNR %.2f dB,"
              + " max abs diff vs WAV %.3g%n",
          stem,
          extension,
          c,
          rate,
          decoded.frames(),
          at16k.frames(),
          lag,
          snr,
          Fixtures.maxAbsDiff(wav.channel(c), x));
      assertTrue(Math.abs(lag) <= maxLag, "lag " + lag);
      assertTrue(snr >= minSnrDb, "SNR " + snr + " dB < " + minSnrDb);
      if (wav.channelCount() == 2) {
        double crossed = Fixtures.snrDb(wav.channel(1 - c), x, lag);
        assertTrue(crossed < 3, "channel " + c + " looks like the other channel: " + crossed);
      }
    }
  }

  @Test
  void theServiceLoaderFindsTheDecoderBeforeThePathPrograms() throws Exception {
    AudioLoader loader = AudioLoader.standard();
    assertTrue(loader.decoders().get(0) instanceof FfmpegDecoder, "decoders: " + loader.decoders());
    // no ffmpeg program on the build machine, and its sox cannot read MP3 or M4A
    AudioClip mp3 = loader.load(Fixtures.path("yes.mp3"));
    AudioClip m4a = loader.load(Fixtures.path("yes_stereo.m4a"));
    assertEquals(1, mp3.channelCount());
    assertEquals(2, m4a.channelCount());
  }

  @Test
  void thePipelineGivesTheSameInputForFlacAsForWav() throws Exception {
    AudioPipeline pipeline = AudioPipeline.builder().build();
    for (String stem : List.of("yes_stereo", "yes_44k_stereo24")) {
      float[] fromWav = pipeline.load(Fixtures.path(stem + ".wav"));
      float[] fromFlac = pipeline.load(Fixtures.path(stem + ".flac"));
      assertEquals(fromWav.length, fromFlac.length, stem);
      assertEquals(0.0, Fixtures.maxAbsDiff(fromWav, fromFlac), stem);
    }
  }
}
