package dev.sure4j.speech.corpora;

import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.data.ManifestEntry;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds tiny corpus trees for the reader tests. */
final class Trees {
  private Trees() {}

  /** Writes a 10 ms, 16 kHz silent WAV, creating its folders. */
  static Path wav(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    WavWriter.write(file, AudioClip.mono(new float[160], 16000), SampleFormat.PCM_S16);
    return file;
  }

  /** Creates an empty file (for FLAC files, which readers never open), creating its folders. */
  static Path empty(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, new byte[0]);
  }

  /** Writes a UTF-8 text file, creating its folders. */
  static Path text(Path file, String content) throws IOException {
    return text(file, content, StandardCharsets.UTF_8);
  }

  /** Writes a text file in a charset, creating its folders. */
  static Path text(Path file, String content, Charset charset) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content.getBytes(charset));
  }

  /** The entries' audio paths relative to {@code root}, with forward slashes, in order. */
  static List<String> names(Path root, List<ManifestEntry> entries) {
    return entries.stream()
        .map(e -> root.relativize(e.audio()).toString().replace('\\', '/'))
        .collect(Collectors.toList());
  }

  /**
   * Builds an ESD tree without split folders: for every speaker 0011..0020 and emotion, the
   * utterances numbered {@code base + k} for each k in {@code positions} (1-based within the
   * emotion), where Neutral, Angry, Happy, Sad, Surprise start at 0, 350, 700, 1050, 1400.
   */
  static void esdFlat(Path root, int... positions) throws IOException {
    List<String> emotions = List.of("Neutral", "Angry", "Happy", "Sad", "Surprise");
    for (int s = 11; s <= 20; s++) {
      String spk = String.format("%04d", s);
      for (int e = 0; e < emotions.size(); e++) {
        for (int p : positions) {
          wav(
              root.resolve(spk)
                  .resolve(emotions.get(e))
                  .resolve(String.format("%s_%06d.wav", spk, 350 * e + p)));
        }
      }
    }
  }
}
