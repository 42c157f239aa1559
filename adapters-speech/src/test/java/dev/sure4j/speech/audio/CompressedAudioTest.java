package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FLAC through each command-line decoder that is installed; a missing program skips its case and
 * says so.
 */
class CompressedAudioTest {
  @TempDir Path dir;

  /**
   * Returns the decoder of a tool, or skips the test (saying so on the console) when the tool is
   * not on the PATH.
   */
  private static CommandLineDecoder decoderOrSkip(CommandLineDecoder.Tool tool, String what) {
    Optional<CommandLineDecoder> decoder = CommandLineDecoder.find(tool);
    if (decoder.isEmpty()) {
      System.out.println(
          "SKIPPED: " + what + " with " + tool.program() + ": not found on the PATH");
    }
    Assumptions.assumeTrue(decoder.isPresent(), tool.program() + " is not installed");
    return decoder.get();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CommandLineDecoder.Tool.class)
  void flacDecodesToTheSameSamplesAsTheWav(CommandLineDecoder.Tool tool) throws Exception {
    CommandLineDecoder decoder = decoderOrSkip(tool, "FLAC decoding");
    Path flac = Npy.resourcePath("speech/yes.flac");
    AudioClip decoded = AudioLoader.of(List.of(decoder)).load(flac);
    AudioClip wav = WavReader.read(Npy.resourcePath("speech/yes.wav"));
    assertEquals(16000, decoded.sampleRate());
    assertEquals(1, decoded.channelCount());
    double diff = Npy.maxAbsDiff(decoded.channel(0), wav.channel(0));
    System.out.printf(
        "FLAC via %s: %d samples (%.2f s), max abs diff vs WAV %.3g%n",
        tool.program(), decoded.frames(), decoded.durationSeconds(), diff);
    assertEquals(wav.frames(), decoded.frames());
    assertEquals(0.0, diff, "FLAC is lossless");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = CommandLineDecoder.Tool.class,
      names = {"FFMPEG", "SOX"})
  void oggVorbisDecodesCloseToTheWav(CommandLineDecoder.Tool tool) throws Exception {
    CommandLineDecoder decoder = decoderOrSkip(tool, "OGG decoding");
    AudioClip decoded = AudioLoader.of(List.of(decoder)).load(Npy.resourcePath("speech/yes.ogg"));
    float[] wav = WavReader.read(Npy.resourcePath("speech/yes.wav")).channel(0);
    float[] ogg = decoded.channel(0);
    assertEquals(16000, decoded.sampleRate());
    // sox trims the last Vorbis block to the granule position, ffmpeg 5.1 does not (10240 vs 10008
    // samples)
    assertTrue(
        ogg.length >= wav.length && ogg.length <= wav.length + 2048,
        "decoded " + ogg.length + " samples, the WAV has " + wav.length);
    double err = 0;
    double power = 0;
    for (int i = 0; i < wav.length; i++) {
      err += (ogg[i] - wav[i]) * (double) (ogg[i] - wav[i]);
      power += wav[i] * (double) wav[i];
    }
    double snr = 10 * Math.log10(power / err);
    System.out.printf(
        "OGG via %s: %d samples, SNR vs WAV %.1f dB%n", tool.program(), ogg.length, snr);
    assertTrue(snr > 10, "SNR " + snr + " dB");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CommandLineDecoder.Tool.class)
  void corruptFlacIsAnErrorNamingFileAndTool(CommandLineDecoder.Tool tool) throws Exception {
    CommandLineDecoder decoder = decoderOrSkip(tool, "corrupt FLAC");
    Path bad = dir.resolve("broken.flac");
    byte[] flac = Npy.resource("speech/yes.flac");
    byte[] cut = new byte[60];
    System.arraycopy(flac, 0, cut, 0, 4); // fLaC magic, then garbage
    Files.write(bad, cut);
    AudioException e =
        assertThrows(AudioException.class, () -> AudioLoader.of(List.of(decoder)).load(bad));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(tool.program()), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CommandLineDecoder.Tool.class)
  void decodingStopsAtTheLimitsAndTheClipIsCheckedAgainstThem(CommandLineDecoder.Tool tool)
      throws Exception {
    CommandLineDecoder decoder = decoderOrSkip(tool, "decoding limits");
    Path flac = Npy.resourcePath("speech/yes.flac");
    InputLimits tenthOfASecond = InputLimits.builder().optMaxSeconds(0.1).build();
    AudioException e =
        assertThrows(AudioException.class, () -> decoder.decode(flac, tenthOfASecond));
    assertTrue(
        e.getMessage().startsWith(flac + " (decoded by " + tool.program() + "): "), e.getMessage());
    assertTrue(e.getMessage().endsWith("longer than the limit of 0.1 s"), e.getMessage());
    // 60 s of silence: the program's output is cut off after 4 bytes per allowed sample
    Optional<CommandLineDecoder> sox = CommandLineDecoder.find(CommandLineDecoder.Tool.SOX);
    Assumptions.assumeTrue(sox.isPresent(), "sox is needed to write the long file");
    Path silence = dir.resolve("silence.flac");
    Process p =
        new ProcessBuilder(
                "sox", "-n", "-r", "16000", "-c", "1", silence.toString(), "trim", "0", "60")
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());
    InputLimits few = InputLimits.builder().optMaxDecodedSamples(1000).build();
    long start = System.nanoTime();
    e = assertThrows(AudioException.class, () -> decoder.decode(silence, few));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s (%.2f s)%n", e.getMessage(), seconds);
    assertEquals(
        silence
            + ": "
            + tool.program()
            + " writes more than 69536 bytes for it, over the limit of 1000 decoded samples;"
            + " decoding stopped there",
        e.getMessage());
    assertTrue(seconds < 5, seconds + " s");
  }
}
