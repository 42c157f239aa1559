package dev.sure4j.cli.tasks;

import picocli.CommandLine.Option;

/** The {@code train} options that apply only to a Whisper {@code --model} (a picocli mixin). */
public final class WhisperTrainOptions {

  @Option(
      names = "--where",
      defaultValue = "both",
      description =
          "Whisper only: the stacks the adapter goes into, encoder, decoder or both (default:"
              + " ${DEFAULT-VALUE}).")
  String where;

  @Option(
      names = "--label-smoothing",
      defaultValue = "0",
      description =
          "Whisper only: label smoothing of the cross-entropy, in [0, 1) (default:"
              + " ${DEFAULT-VALUE}).")
  double labelSmoothing;
}
