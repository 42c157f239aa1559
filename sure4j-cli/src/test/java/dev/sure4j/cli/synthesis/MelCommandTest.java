package dev.sure4j.cli.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.encode.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sure4j mel} end to end against the torchaudio log-mel fixtures of adapters-speech (made
 * by tools/make_mel_fixtures.py).
 */
class MelCommandTest {

  static final Path FIXTURES = SpeechFixtures.resource("audio", "mel");

  static double maxAbsDiff(NpyReader.Array actual, NpyReader.Array expected) {
    assertArrayEquals(expected.shape(), actual.shape());
    double max = 0;
    for (int i = 0; i < actual.data().length; i++) {
      max = Math.max(max, Math.abs((double) actual.data()[i] - expected.data()[i]));
    }
    return max;
  }

  private static double run(Path out, String wav, String reference, String... extra)
      throws Exception {
    String[] args = new String[4 + extra.length];
    args[0] = "--audio";
    args[1] = FIXTURES.resolve(wav).toString();
    args[2] = "--out";
    args[3] = out.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    assertEquals(0, new CommandLine(new MelCommand()).execute(args));
    double diff = maxAbsDiff(NpyReader.read(out), NpyReader.read(FIXTURES.resolve(reference)));
    System.out.printf("mel %s -> %s: max abs diff vs torchaudio %.3g%n", wav, reference, diff);
    return diff;
  }

  @Test
  void writesTheTorchaudioLogMel(@TempDir Path dir) throws Exception {
    assertTrue(run(dir.resolve("a.npy"), "speech_a.wav", "speech_a_hifigan.npy") < 1e-3);
    assertTrue(
        run(
                dir.resolve("f.npy"),
                "speech_a.wav",
                "speech_a_fastspeech2.npy",
                "--preset",
                "fastspeech2")
            < 1e-3);
  }

  @Test
  void resamplesOtherRatesToThePreset(@TempDir Path dir) throws Exception {
    assertTrue(run(dir.resolve("c.npy"), "speech_c_16k.wav", "speech_c_16k_hifigan.npy") < 1e-3);
  }

  @Test
  void overridesThePresetFields(@TempDir Path dir) throws Exception {
    // n_fft/win/hop/n_mels/f_min/f_max from options; the power and htk scale of the custom
    // fixture are not command-line options, so only the frame count and band are checked here
    Path out = dir.resolve("o.npy");
    int code =
        new CommandLine(new MelCommand())
            .execute(
                "--audio", FIXTURES.resolve("speech_c_16k.wav").toString(),
                "--out", out.toString(),
                "--sample-rate", "16000",
                "--n-fft", "512",
                "--win", "400",
                "--hop", "160",
                "--n-mels", "40",
                "--f-min", "20");
    assertEquals(0, code);
    assertArrayEquals(new long[] {40, 81}, NpyReader.read(out).shape());
  }

  @Test
  void anUnknownPresetFailsWithoutWriting(@TempDir Path dir) {
    Path out = dir.resolve("x.npy");
    int code =
        new CommandLine(new MelCommand())
            .execute(
                "--audio", FIXTURES.resolve("speech_a.wav").toString(),
                "--out", out.toString(),
                "--preset", "tacotron");
    assertTrue(code != 0);
    assertTrue(Files.notExists(out));
  }
}
