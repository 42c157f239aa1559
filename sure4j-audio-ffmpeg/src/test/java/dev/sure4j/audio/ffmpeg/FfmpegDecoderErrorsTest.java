package dev.sure4j.audio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.audio.FFmpegAudioFactory;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken files give one line naming the file; and what DJL's own {@code FFmpegAudioFactory} does
 * differently from {@link FfmpegDecoder}.
 */
class FfmpegDecoderErrorsTest {
  @TempDir Path dir;

  private final FfmpegDecoder decoder = new FfmpegDecoder();

  private String failure(Path file) {
    AudioException e = assertThrows(AudioException.class, () -> decoder.decode(file));
    String message = e.getMessage();
    System.out.println(file.getFileName() + ": " + message);
    assertTrue(message.startsWith(file + ": "), message);
    assertFalse(message.contains("\n"), message);
    return message;
  }

  @Test
  void garbageEmptyAndTextFilesAreRejected() throws Exception {
    Path garbage = Files.write(dir.resolve("garbage.flac"), new byte[] {'f', 'L', 'a', 'C', 1, 2});
    assertTrue(failure(garbage).contains("Invalid data found when processing input"));
    Path empty = Files.write(dir.resolve("empty.ogg"), new byte[0]);
    assertTrue(failure(empty).contains("could not read it"));
    Path text = dir.resolve("text.mp3");
    Files.writeString(text, "not audio at all\n".repeat(40), StandardCharsets.US_ASCII);
    assertTrue(failure(text).contains("could not read it"));
  }

  @Test
  void truncatedFilesAreRejected() throws Exception {
    for (String name : new String[] {"yes.flac", "yes.mp3"}) {
      byte[] whole = Files.readAllBytes(Fixtures.path(name));
      Path cut = Files.write(dir.resolve("cut-" + name), Arrays.copyOf(whole, whole.length / 2));
      assertTrue(failure(cut).contains("truncated or corrupt"), name);
    }
    byte[] m4a = Files.readAllBytes(Fixtures.path("yes.m4a"));
    Path cut = Files.write(dir.resolve("cut.m4a"), Arrays.copyOf(m4a, m4a.length / 2));
    failure(cut);
  }

  /**
   * DJL's factory asks FFmpeg for packed 16-bit samples and divides them by 32767: a 16-bit FLAC
   * comes out 32768 / 32767 too loud (interleaved in one array), a 24-bit FLAC loses its low 8
   * bits. FfmpegDecoder gives both WAVs' samples exactly (FfmpegDecoderTest).
   */
  @Test
  void djlsFactoryScalesBy32767AndRoundsTo16Bits() throws Exception {
    AudioClip wav = Fixtures.wav("yes_stereo.wav");
    float[] djl = new FFmpegAudioFactory().fromFile(Fixtures.path("yes_stereo.flac")).getData();
    assertEquals(2 * wav.frames(), djl.length);
    double scaleError = 0;
    for (int i = 0; i < djl.length; i++) {
      scaleError =
          Math.max(scaleError, Math.abs(djl[i] - wav.channel(i % 2)[i / 2] * 32768f / 32767f));
    }
    assertTrue(scaleError < 1e-7, "DJL = WAV * 32768 / 32767, max error " + scaleError);

    AudioClip wav24 = Fixtures.wav("yes_44k_stereo24.wav");
    float[] djl24 =
        new FFmpegAudioFactory().fromFile(Fixtures.path("yes_44k_stereo24.flac")).getData();
    double error24 = 0;
    for (int i = 0; i < djl24.length; i++) {
      error24 = Math.max(error24, Math.abs(djl24[i] - wav24.channel(i % 2)[i / 2]));
    }
    System.out.printf(
        "DJL FFmpegAudioFactory: 16-bit FLAC = WAV * 32768/32767 (max error %.2g),"
            + " 24-bit FLAC max abs diff vs WAV %.3g%n",
        scaleError, error24);
    assertTrue(error24 > 1e-5, "24-bit rounded to 16 bits: max abs diff " + error24);
  }
}
