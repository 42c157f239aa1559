package dev.sure4j.speech.tts.train;

import dev.sure4j.speech.tts.data.TtsCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A three-clip corpus of the held-out voice {@code carib_f4}: two training clips and one test. */
final class AdaptClips {

  private static final Path CLIPS = Path.of("..", "data", "mini", "tts", "adapt", "carib_f4");

  private AdaptClips() {}

  /**
   * Writes the manifest into a directory and reads the corpus.
   *
   * @param dir where {@code m.csv} is written
   * @return the corpus
   * @throws IOException when the manifest cannot be written or read
   */
  static TtsCorpus corpus(Path dir) throws IOException {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(
        manifest,
        "path,text,speaker,split\n"
            + CLIPS.resolve("carib_f4_000.flac").toAbsolutePath()
            + ",The blanket is soft and warm.,carib_f4,train\n"
            + CLIPS.resolve("carib_f4_001.flac").toAbsolutePath()
            + ",The parcel arrived this morning.,carib_f4,train\n"
            + CLIPS.resolve("carib_f4_062.flac").toAbsolutePath()
            + ",Let us meet at the park on Sunday.,carib_f4,test\n");
    return TtsCorpus.read("manifest:" + manifest);
  }
}
