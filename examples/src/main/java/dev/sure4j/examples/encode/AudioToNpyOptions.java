package dev.sure4j.examples.encode;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --audio} input and {@code --out} NumPy file of the commands that analyse one file. */
public final class AudioToNpyOptions {

  @Option(
      names = "--audio",
      required = true,
      description =
          "Audio file: WAV (any PCM/float format, any rate); FLAC, MP3, OGG, Opus, M4A decoded in the"
              + " JVM by FFmpeg.")
  Path audio;

  @Option(names = "--out", required = true, description = "Output .npy file.")
  Path out;

  /**
   * Returns the audio file to read.
   *
   * @return the {@code --audio} path
   */
  public Path audio() {
    return audio;
  }

  /**
   * Returns the NumPy file to write.
   *
   * @return the {@code --out} path
   */
  public Path out() {
    return out;
  }
}
