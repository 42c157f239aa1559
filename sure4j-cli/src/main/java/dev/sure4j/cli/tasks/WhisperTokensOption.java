package dev.sure4j.cli.tasks;

import dev.sure4j.speech.whisper.WhisperTranscriber;
import picocli.CommandLine.Option;

/**
 * The {@code --max-new-tokens} option of {@code train}, {@code evaluate} and {@code predict} with a
 * Whisper {@code --model} (a picocli mixin).
 */
public final class WhisperTokensOption {

  @Option(
      names = "--max-new-tokens",
      defaultValue = "" + WhisperTranscriber.MAX_NEW_TOKENS,
      description =
          "Whisper only: tokens generated at most per utterance (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  /**
   * Returns the bound.
   *
   * @return the {@code --max-new-tokens} value
   */
  public int value() {
    return maxNewTokens;
  }
}
