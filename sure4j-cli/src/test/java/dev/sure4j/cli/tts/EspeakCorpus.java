package dev.sure4j.cli.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A three-utterance TTS corpus spoken by espeak-ng, for the tests that train FastSpeech through the
 * command line. A test calling it is skipped where espeak-ng is not installed.
 */
public final class EspeakCorpus {

  private static final String[] TEXTS = {"Open the door.", "Hello world.", "A cat sat."};

  private EspeakCorpus() {}

  /**
   * Speaks three sentences into {@code u0.wav .. u2.wav} and writes their manifest {@code m.csv}
   * ({@code path,text,speaker,split}, speaker {@code s}).
   *
   * @param dir the directory to write into
   * @param holdOutLast whether the third utterance is the test split (else all three are train)
   * @return the manifest
   * @throws Exception when espeak-ng fails or a file cannot be written
   */
  public static Path manifest(Path dir, boolean holdOutLast) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/espeak-ng")), "espeak-ng is not installed");
    StringBuilder csv = new StringBuilder("path,text,speaker,split\n");
    for (int i = 0; i < TEXTS.length; i++) {
      Path wav = dir.resolve("u" + i + ".wav");
      Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "--", TEXTS[i]).start();
      assertEquals(0, p.waitFor());
      csv.append(wav.getFileName()).append(",\"").append(TEXTS[i]).append("\",s,");
      csv.append(holdOutLast && i == 2 ? "test" : "train").append('\n');
    }
    Path manifest = dir.resolve("m.csv");
    Files.writeString(manifest, csv);
    return manifest;
  }
}
