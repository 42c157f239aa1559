package dev.sure4j.cli.encode;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.cli.options.MaxSecondsOption;
import dev.sure4j.cli.options.OutputOption;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --audio} input, its {@code --max-seconds} bound and the {@code --out} NumPy file of
 * the commands that analyse one file.
 */
public final class AudioToNpyOptions {

  @Option(
      names = "--audio",
      required = true,
      description =
          "Audio file: WAV (any PCM/float format, any rate); FLAC, MP3, OGG, Opus, M4A decoded in the"
              + " JVM by FFmpeg.")
  Path audio;

  @Mixin OutputOption output;

  @Mixin MaxSecondsOption maxSeconds;

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
    return output.path();
  }

  /**
   * Returns the limits the audio file is read within: the defaults, with {@code --max-seconds}.
   *
   * @return the limits
   * @throws IllegalArgumentException if {@code --max-seconds} is not a positive number
   */
  public InputLimits limits() {
    return maxSeconds.limits();
  }
}
