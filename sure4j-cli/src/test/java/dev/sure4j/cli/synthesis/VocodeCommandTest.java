package dev.sure4j.cli.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.encode.NpyReader;
import dev.sure4j.cli.encode.NpyWriter;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.WavReader;
import dev.sure4j.speech.synthesis.Mcd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./sure4j vocode} end to end on the log-mel of espeak-ng speech. */
class VocodeCommandTest {

  private static final Path SPEECH = MelCommandTest.FIXTURES.resolve("speech_a.wav");
  private static final Path MEL = MelCommandTest.FIXTURES.resolve("speech_a_hifigan.npy");

  private static int vocode(Path out, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "--mel";
    args[1] = MEL.toString();
    args[2] = "--out";
    args[3] = out.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return new CommandLine(new VocodeCommand()).execute(args);
  }

  @Test
  void writesSpeechCloseToTheOriginalAsWavAndNpy(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("a.wav");
    Path npy = dir.resolve("a.npy");
    assertEquals(0, vocode(wav, "--iterations", "16"));
    assertEquals(0, vocode(npy, "--iterations", "16", "--reference", SPEECH.toString()));
    AudioClip clip = WavReader.read(wav);
    float[] samples = NpyReader.read(npy).data();
    assertEquals(22050, clip.sampleRate());
    assertEquals(256 * (87 - 1), clip.frames());
    assertArrayEquals(new long[] {256 * 86}, NpyReader.read(npy).shape());
    float[] fromWav = clip.channel(0);
    for (int i = 0; i < samples.length; i++) {
      float clipped = Math.max(-1f, Math.min(32767f / 32768, samples[i]));
      assertEquals(clipped, fromWav[i], 0.5f / 32768 + 1e-7f, "sample " + i);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      double mcd = Mcd.between(manager, 22050, WavReader.read(SPEECH).channel(0), samples);
      System.out.printf("vocode speech_a (16 iterations): MCD vs the original %.3f%n", mcd);
      // fairseq's MCD of this clip's Griffin-Lim round trip is 7.2 with no iteration and 4.9
      // after 8 (GriffinLimTest): 16 iterations must be well past the start
      assertTrue(mcd < 6, "MCD " + mcd);
    }
  }

  @Test
  void rejectsBadRequestsWithoutWriting(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new VocodeCommand()).setErr(new PrintWriter(err));
    Path mp3 = dir.resolve("a.mp3");
    assertEquals(2, cli.execute("--mel", MEL.toString(), "--out", mp3.toString()));
    Path wav = dir.resolve("a.wav");
    assertEquals(
        2, cli.execute("--mel", MEL.toString(), "--out", wav.toString(), "--n-mels", "64"));
    assertTrue(
        cli.execute("--mel", MEL.toString(), "--out", wav.toString(), "--vocoder", dir.toString())
            != 0);
    assertTrue(Files.notExists(mp3) && Files.notExists(wav));
    String message = err.toString();
    assertTrue(message.contains("must end in .wav or .npy"), message);
    assertTrue(message.contains("but the features have 64 mels"), message);
    assertTrue(message.contains(dir.resolve("config.json").toString()), message);
  }

  @Test
  void aFortranOrderMelFromNumpyVocodesAsItsCOrderFile(@TempDir Path dir) throws Exception {
    // numpy-written (tools/make_npy_fixtures.py): mel_fortran.npy is np.save(f, m.T) of the
    // [frames, mels] transpose m of mel_c.npy, so its header says fortran_order True
    Path npy = Path.of("src", "test", "resources", "npy");
    Path fortran = npy.resolve("mel_fortran.npy");
    String header = new String(Files.readAllBytes(fortran), 0, 128, StandardCharsets.ISO_8859_1);
    assertTrue(header.contains("'fortran_order': True, 'shape': (80, 8)"), header);
    float[][] waves = new float[2][];
    int i = 0;
    for (Path mel : new Path[] {npy.resolve("mel_c.npy"), fortran}) {
      Path out = dir.resolve(i + ".npy");
      String[] args = {"--mel", mel.toString(), "--out", out.toString(), "--iterations", "4"};
      assertEquals(0, new CommandLine(new VocodeCommand()).execute(args));
      waves[i++] = NpyReader.read(out).data();
    }
    assertEquals(256 * (8 - 1), waves[0].length);
    assertArrayEquals(waves[0], waves[1]);
  }

  /**
   * A HiFi-GAN directory in the official layout: the tiny resblock-1 generator of the parity test.
   */
  private static final Path HIFIGAN =
      SpeechFixtures.resource("dev", "sure4j", "speech", "vocoder", "resblock1");

  @Test
  void vocodesWithAHifiGanDirectoryAsPyTorchDoes(@TempDir Path dir) throws Exception {
    float[] mel;
    float[] expected;
    try (SafetensorsReader r = SafetensorsReader.open(HIFIGAN.resolve("io.safetensors"))) {
      float[] mels = r.readFloats("mel"); // [2, 80, 11]: the first utterance
      mel = Arrays.copyOf(mels, 80 * 11);
      float[] waves = r.readFloats("wave"); // [2, 11 * 16]
      expected = Arrays.copyOf(waves, 11 * 16);
    }
    Path in = dir.resolve("mel.npy");
    NpyWriter.write(in, mel, 80, 11);
    Path out = dir.resolve("wave.npy");
    int code =
        new CommandLine(new VocodeCommand())
            .execute(
                "--mel", in.toString(), "--out", out.toString(), "--vocoder", HIFIGAN.toString());
    assertEquals(0, code);
    float[] actual = NpyReader.read(out).data();
    assertEquals(expected.length, actual.length);
    float diff = 0;
    for (int i = 0; i < actual.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    }
    System.out.printf("vocode --vocoder (tiny HiFi-GAN) vs PyTorch: max abs diff %.3g%n", diff);
    assertTrue(diff < 1e-4f, "max abs diff " + diff);
  }
}
