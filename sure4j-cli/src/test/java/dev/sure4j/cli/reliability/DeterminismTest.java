package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.SpeechFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One input on one machine gives the same output bit for bit, run after run and across processes:
 * {@code encode}, {@code predict --scores} and {@code vocode} (HiFi-GAN and Griffin-Lim) each run
 * in two child JVMs, and their output files and standard output are compared byte for byte.
 */
class DeterminismTest {

  private static final String CLIP_A =
      Cli.ROOT.resolve("data/mini/kws/test/yes_000.wav").toString();
  private static final String CLIP_B =
      Cli.ROOT.resolve("data/mini/kws/test/down_001.wav").toString();
  private static final String KWS =
      "kws=" + Cli.ROOT.resolve("adapters-speech/src/test/resources/dev/sure4j/speech/djl/kws");
  private static final String HIFIGAN =
      Cli.ROOT
          .resolve("adapters-speech/src/test/resources/dev/sure4j/speech/vocoder/resblock1")
          .toString();
  private static final String MEL =
      SpeechFixtures.resource("audio", "mel", "speech_a_hifigan.npy").toString();

  @TempDir Path tmp;

  @Test
  void encodeIsTheSameInEveryProcess() throws Exception {
    assertSameTwice(
        "encode", "out.npy", "encode", "--model", Cli.MODEL.toString(), "--audio", CLIP_A, "--out");
  }

  @Test
  void predictScoresAreTheSameInEveryProcess() throws Exception {
    byte[] stdout =
        assertSameTwice(
            "predict",
            null,
            "predict",
            "--model",
            Cli.MODEL.toString(),
            "--adapter",
            KWS,
            "--scores",
            CLIP_A,
            CLIP_B);
    String text = new String(stdout, StandardCharsets.UTF_8);
    assertEquals(2, text.lines().count(), text);
    assertTrue(text.lines().allMatch(l -> l.split("\t").length == 4), text);
  }

  @Test
  void hifiGanVocodesTheSameInEveryProcess() throws Exception {
    assertSameTwice(
        "vocode-hifigan", "out.npy", "vocode", "--mel", MEL, "--vocoder", HIFIGAN, "--out");
  }

  @Test
  void griffinLimVocodesTheSameInEveryProcess() throws Exception {
    assertSameTwice("vocode-gl", "out.npy", "vocode", "--mel", MEL, "--iterations", "8", "--out");
  }

  /**
   * Runs a command in two child JVMs and asserts that their standard outputs and, when given, their
   * output files are equal byte for byte.
   *
   * @param name a directory name for this case
   * @param file the output file name appended to the arguments, or null when there is none
   * @param args the command line; when {@code file} is given, it ends with its option
   * @return the first run's standard output
   */
  private byte[] assertSameTwice(String name, String file, String... args) throws Exception {
    List<byte[]> outputs = new ArrayList<>();
    List<byte[]> stdouts = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Path dir = Files.createDirectories(tmp.resolve(name + "-" + run));
      List<String> cmd = new ArrayList<>(List.of(args));
      if (file != null) {
        cmd.add(dir.resolve(file).toString());
      }
      Path stdout = dir.resolve("stdout.txt");
      try (ChildProcess child = ChildProcess.start(Map.of(), stdout, "\u0000", cmd)) {
        int code = child.waitFor(300);
        assertEquals(0, code, name + " run " + run + " failed:\n" + child.stderrTail());
      }
      stdouts.add(normalise(Files.readAllBytes(stdout), dir));
      if (file != null) {
        outputs.add(Files.readAllBytes(dir.resolve(file)));
      }
    }
    assertArrayEquals(stdouts.get(0), stdouts.get(1), name + ": standard output differs");
    if (file != null) {
      assertTrue(outputs.get(0).length > 100, name + ": output too small");
      assertArrayEquals(
          outputs.get(0), outputs.get(1), name + ": " + file + " differs between processes");
    }
    System.out.printf(
        "%s: two processes, %d output bytes and %d stdout bytes identical%n",
        name, file == null ? 0 : outputs.get(0).length, stdouts.get(0).length);
    return stdouts.get(0);
  }

  /** Removes the run's own directory from what a command printed, so that runs compare. */
  private static byte[] normalise(byte[] stdout, Path dir) {
    String s = new String(stdout, StandardCharsets.UTF_8);
    return s.replace(dir.toString(), "<dir>").getBytes(StandardCharsets.UTF_8);
  }
}
