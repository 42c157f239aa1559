package dev.sure4j.speech.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @ParameterizedTest(name = "{0}")
  @EnumSource(CommandLineDecoder.Tool.class)
  void flacDecodesToTheSameSamplesAsTheWav(CommandLineDecoder.Tool tool) throws Exception {
    Optional<CommandLineDecoder> decoder = CommandLineDecoder.find(tool);
    if (decoder.isEmpty()) {
      System.out.println(
          "SKIPPED: FLAC decoding with " + tool.program() + ": not found on the PATH");
    }
    Assumptions.assumeTrue(decoder.isPresent(), tool.program() + " is not installed");
    Path flac = Npy.resourcePath("speech/yes.flac");
    AudioClip decoded = AudioLoader.of(List.of(decoder.get())).load(flac);
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
  @EnumSource(CommandLineDecoder.Tool.class)
  void corruptFlacIsAnErrorNamingFileAndTool(CommandLineDecoder.Tool tool) throws Exception {
    Optional<CommandLineDecoder> decoder = CommandLineDecoder.find(tool);
    Assumptions.assumeTrue(decoder.isPresent(), tool.program() + " is not installed");
    Path bad = dir.resolve("broken.flac");
    byte[] flac = Npy.resource("speech/yes.flac");
    byte[] cut = new byte[60];
    System.arraycopy(flac, 0, cut, 0, 4); // fLaC magic, then garbage
    Files.write(bad, cut);
    AudioException e =
        assertThrows(AudioException.class, () -> AudioLoader.of(List.of(decoder.get())).load(bad));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(tool.program()), e.getMessage());
  }
}
