package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.sure4j.speech.config.ConfigJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The choices a {@code generation_config.json} offers for the forced prompt: the language tokens
 * ({@code lang_to_id}) and {@code <|notimestamps|>} ({@code no_timestamps_token_id}). The prompt
 * itself stays in {@link WhisperGenerationConfig#forcedDecoderIds()}; this class returns rules with
 * one of its tokens replaced or removed. Immutable.
 *
 * @param languageIds {@code lang_to_id}: {@code <|en|>} to its id; empty for English-only models
 * @param noTimestampsTokenId {@code no_timestamps_token_id}, or -1 when absent
 */
public record WhisperPrompt(Map<String, Integer> languageIds, int noTimestampsTokenId) {

  /** Copies the map. */
  public WhisperPrompt {
    languageIds = ImmutableMap.copyOf(languageIds);
  }

  /**
   * Reads the choices of a {@code generation_config.json}.
   *
   * @param file the file
   * @return the choices
   * @throws IllegalArgumentException naming the file, the key and the value
   */
  public static WhisperPrompt fromFile(Path file) {
    return ConfigJson.readFile(
        file,
        text -> {
          ConfigJson j = ConfigJson.parse(text);
          return new WhisperPrompt(j.intMap("lang_to_id"), j.integer("no_timestamps_token_id", -1));
        });
  }

  /**
   * Returns the language codes the model knows.
   *
   * @return codes such as {@code en}, in file order
   */
  public List<String> languages() {
    return languageIds.keySet().stream().map(WhisperPrompt::code).toList();
  }

  static String code(String token) {
    return token.startsWith("<|") && token.endsWith("|>")
        ? token.substring(2, token.length() - 2)
        : token;
  }

  /**
   * Returns the rules with another language token in the prompt.
   *
   * @param rules the rules whose forced prompt holds a language token
   * @param language a code of {@link #languages()}, such as {@code en}
   * @return the rules with that language forced
   * @throws IllegalArgumentException naming the language and the known ones, or when the prompt
   *     forces no language token
   */
  public WhisperGenerationConfig withLanguage(WhisperGenerationConfig rules, String language) {
    Integer id = languageIds.get("<|" + code(language) + "|>");
    checkArgument(id != null, "unknown language '%s'; this model knows %s", language, languages());
    List<List<Integer>> forced = new ArrayList<>();
    boolean replaced = false;
    for (List<Integer> pair : rules.forcedDecoderIds()) {
      boolean isLanguage = languageIds.containsValue(pair.get(1));
      forced.add(isLanguage ? List.of(pair.get(0), id) : pair);
      replaced |= isLanguage;
    }
    checkArgument(
        replaced,
        "the prompt forces no language token (forced_decoder_ids %s)",
        rules.forcedDecoderIds());
    return withForced(rules, forced, rules.timestampBegin());
  }

  /**
   * Returns the rules without {@code <|notimestamps|>} in the prompt, so that the decoder emits
   * timestamp tokens under the rules of {@code WhisperTimeStampLogitsProcessor}.
   *
   * @param rules the rules
   * @return the rules with that token removed, the later positions moved up by one, and {@code
   *     <|0.00|>} at {@code no_timestamps_token_id + 1}
   * @throws IllegalArgumentException when the config names no {@code no_timestamps_token_id}
   */
  public WhisperGenerationConfig withTimestamps(WhisperGenerationConfig rules) {
    checkArgument(
        noTimestampsTokenId >= 0, "generation_config.json names no no_timestamps_token_id");
    List<List<Integer>> forced = new ArrayList<>();
    for (List<Integer> pair : rules.forcedDecoderIds()) {
      if (pair.get(1) != noTimestampsTokenId) {
        forced.add(List.of(forced.size() + 1, pair.get(1)));
      }
    }
    return withForced(rules, forced, noTimestampsTokenId + 1);
  }

  private static WhisperGenerationConfig withForced(
      WhisperGenerationConfig rules, List<List<Integer>> forced, int timestampBegin) {
    return new WhisperGenerationConfig(
        rules.decoderStartTokenId(),
        rules.eosTokenId(),
        forced,
        rules.suppressTokens(),
        rules.beginSuppressTokens(),
        rules.maxLength(),
        timestampBegin,
        rules.maxInitialTimestampIndex());
  }
}
