package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;

/**
 * A decoding strategy over one utterance's encoder states, {@link WhisperGreedyDecoder} or {@link
 * WhisperBeamSearch}.
 */
public abstract sealed class WhisperDecoding permits WhisperGreedyDecoder, WhisperBeamSearch {

  final WhisperModel model;
  final WhisperGenerationConfig rules;

  WhisperDecoding(WhisperModel model, WhisperGenerationConfig rules) {
    this.model = model;
    this.rules = rules;
  }

  /**
   * Returns the model decoded with.
   *
   * @return the model
   */
  public final WhisperModel model() {
    return model;
  }

  /**
   * Returns the prompt, suppression and length rules.
   *
   * @return the rules
   */
  public final WhisperGenerationConfig rules() {
    return rules;
  }

  /**
   * Decodes one utterance.
   *
   * @param encoderStates {@code [1, frames, d_model]} from {@link WhisperEncoder#encode}
   * @param maxNewTokens tokens to generate at most after the prompt (also bounded by {@code
   *     max_length} and {@code max_target_positions})
   * @return the token ids, prompt first, ending with {@code <|endoftext|>} unless the limit came
   *     first
   */
  public abstract long[] decode(NDArray encoderStates, int maxNewTokens);
}
