package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spoken language of a recording as a multilingual Whisper model detects it, the way Hugging
 * Face's {@code detect_language} and openai-whisper do: the decoder runs one step from {@code
 * <|startoftranscript|>} over the first 30 s window, every token but the language tokens is masked
 * out, and the most probable language token wins. No suppression rule applies to this step.
 *
 * @param code the detected language code, such as {@code en}
 * @param probabilities every language's probability (softmax over the language tokens' logits), by
 *     code, in the model's order
 */
public record WhisperLanguage(String code, Map<String, Double> probabilities) {

  /** Copies the map. */
  public WhisperLanguage {
    probabilities = ImmutableMap.copyOf(probabilities);
  }

  /**
   * Returns the detected language's probability.
   *
   * @return in [0, 1]
   */
  public double probability() {
    return probabilities.get(code);
  }

  /**
   * Detects the language of a recording from its first 30 s.
   *
   * @param model the model; its active adapters apply
   * @param rules the decoding rules, for {@code decoder_start_token_id}
   * @param prompt the model's language tokens ({@code lang_to_id})
   * @param manager the manager the intermediate arrays live in (closed before returning)
   * @param wave 16 kHz mono samples in [-1, 1]
   * @return the language and the probabilities
   * @throws IllegalArgumentException when the model knows no language (an English-only model)
   */
  public static WhisperLanguage detect(
      WhisperModel model,
      WhisperGenerationConfig rules,
      WhisperPrompt prompt,
      NDManager manager,
      float[] wave) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray mel = WhisperFeatures.of(model.config()).features(scope, wave);
      ParameterStore store = new ParameterStore(scope, false);
      NDArray states = model.encoder().encode(store, mel, false);
      return detect(model, rules, prompt, states);
    }
  }

  /**
   * Detects the language from a window's encoder states.
   *
   * @param model the model
   * @param rules the decoding rules, for {@code decoder_start_token_id}
   * @param prompt the model's language tokens
   * @param encoderStates {@code [1, S, D]}, the encoder's output for one window
   * @return the language and the probabilities
   * @throws IllegalArgumentException when the model knows no language
   */
  public static WhisperLanguage detect(
      WhisperModel model,
      WhisperGenerationConfig rules,
      WhisperPrompt prompt,
      NDArray encoderStates) {
    checkArgument(
        !prompt.languageIds().isEmpty(),
        "this model knows no language tokens (generation_config.json has no lang_to_id):"
            + " it is English-only, so there is nothing to detect");
    NDManager manager = encoderStates.getManager();
    ParameterStore store = new ParameterStore(manager, false);
    WhisperDecoderCache cache = model.decoder().newCache(store, encoderStates, false);
    NDArray start = manager.create(new long[][] {{rules.decoderStartTokenId()}});
    float[] logits =
        model
            .decoder()
            .logits(store, start, cache, false)
            .toType(DataType.FLOAT32, false)
            .reshape(-1)
            .toFloatArray();
    double max = Double.NEGATIVE_INFINITY;
    String best = null;
    for (Map.Entry<String, Integer> e : prompt.languageIds().entrySet()) {
      double value = logits[e.getValue()];
      if (value > max) {
        max = value;
        best = e.getKey();
      }
    }
    double sum = 0;
    for (int id : prompt.languageIds().values()) {
      sum += Math.exp(logits[id] - max);
    }
    Map<String, Double> probabilities = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : prompt.languageIds().entrySet()) {
      probabilities.put(WhisperPrompt.code(e.getKey()), Math.exp(logits[e.getValue()] - max) / sum);
    }
    return new WhisperLanguage(WhisperPrompt.code(best), probabilities);
  }
}
