package dev.sure4j.cli.options;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --vocoder} option of {@code vocode} and {@code tts}: a HiFi-GAN directory, or
 * Griffin-Lim when absent (a picocli mixin).
 */
public final class VocoderOption {

  @Option(
      names = "--vocoder",
      description =
          "HiFi-GAN directory (config.json + generator.safetensors); default Griffin-Lim.")
  Path vocoder;

  /**
   * Returns the HiFi-GAN directory.
   *
   * @return the {@code --vocoder} directory, or empty for Griffin-Lim
   */
  public Optional<Path> hifiGan() {
    return Optional.ofNullable(vocoder);
  }
}
