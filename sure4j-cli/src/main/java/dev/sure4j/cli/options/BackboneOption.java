package dev.sure4j.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} option the task commands share (a picocli mixin). */
public final class BackboneOption {

  @Option(
      names = "--model",
      defaultValue = "models/mini-hubert",
      description =
          "Backbone: a Hugging Face HuBERT, wav2vec2 or Whisper directory (default:"
              + " ${DEFAULT-VALUE}).")
  Path model;

  /**
   * Returns the backbone directory.
   *
   * @return the {@code --model} value
   */
  public Path path() {
    return model;
  }
}
