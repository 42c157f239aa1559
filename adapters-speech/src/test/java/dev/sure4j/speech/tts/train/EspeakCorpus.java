package dev.sure4j.speech.tts.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sure4j.speech.tts.data.TtsCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Short utterances spoken by espeak-ng (22,050 Hz WAV) and their manifest, for the TTS tests. */
final class EspeakCorpus {

  static final List<String> TEXTS = List.of("Open the door.", "A cat sat.", "Hello world.");

  private EspeakCorpus() {}

  /**
   * Writes the WAVs and {@code manifest.csv} ({@code path,text,speaker}) into a directory; the
   * calling test is skipped when espeak-ng is not installed.
   *
   * @param dir an empty directory
   * @param speaker the speaker column of every line
   * @return the corpus
   */
  static TtsCorpus write(Path dir, String speaker) throws IOException, InterruptedException {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/espeak-ng")) || onPath(),
        "espeak-ng is not on the PATH: the TTS training tests need its voice");
    StringBuilder csv = new StringBuilder("path,text,speaker\n");
    for (int i = 0; i < TEXTS.size(); i++) {
      Path wav = dir.resolve("u" + i + ".wav");
      Process p =
          new ProcessBuilder("espeak-ng", "-s", "220", "-w", wav.toString(), "--", TEXTS.get(i))
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IOException("espeak-ng failed for '" + TEXTS.get(i) + "'");
      }
      csv.append(wav.getFileName())
          .append(",\"")
          .append(TEXTS.get(i))
          .append("\",")
          .append(speaker)
          .append('\n');
    }
    Path manifest = dir.resolve("manifest.csv");
    Files.writeString(manifest, csv, StandardCharsets.UTF_8);
    return TtsCorpus.read("manifest:" + manifest);
  }

  private static boolean onPath() {
    try {
      return new ProcessBuilder("espeak-ng", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
