package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import dev.sure4j.speech.config.ConfigJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The decoding rules of a Hugging Face {@code generation_config.json}, as far as greedy and beam
 * decoding use them.
 *
 * <p>The decoder starts from {@link #prompt()}: {@code decoder_start_token_id} followed by the
 * {@code forced_decoder_ids} in position order (language, task, {@code <|notimestamps|>}). At every
 * generated step the {@code suppress_tokens} get probability 0, and at the first generated step the
 * {@code begin_suppress_tokens} too (Whisper's blank and {@code <|endoftext|>}). Decoding stops at
 * {@code eos_token_id} or after {@code max_length} tokens, prompt included.
 *
 * @param decoderStartTokenId {@code decoder_start_token_id}
 * @param eosTokenId {@code eos_token_id}
 * @param forcedDecoderIds {@code forced_decoder_ids}: {@code [position, token]} pairs, positions 1,
 *     2, ... without gaps
 * @param suppressTokens {@code suppress_tokens}
 * @param beginSuppressTokens {@code begin_suppress_tokens}
 * @param maxLength {@code max_length}, prompt included (448)
 * @param timestampBegin the id of {@code <|0.00|>} when the decoder may emit timestamp tokens under
 *     the rules of {@code WhisperTimeStampLogitsProcessor} ({@link WhisperPrompt#withTimestamps}),
 *     or -1 for decoding without timestamps
 * @param maxInitialTimestampIndex {@code max_initial_timestamp_index}: the first timestamp is at
 *     most {@code <|0.00|>} plus this many steps of 0.02 s; -1 for no bound
 */
public record WhisperGenerationConfig(
    int decoderStartTokenId,
    int eosTokenId,
    List<List<Integer>> forcedDecoderIds,
    List<Integer> suppressTokens,
    List<Integer> beginSuppressTokens,
    int maxLength,
    int timestampBegin,
    int maxInitialTimestampIndex) {

  /** Validates the values and copies the lists. */
  public WhisperGenerationConfig {
    List<List<Integer>> sorted = new ArrayList<>();
    for (List<Integer> pair : forcedDecoderIds) {
      checkArgument(pair.size() == 2, "forced_decoder_ids entry %s is not [position, token]", pair);
      sorted.add(ImmutableList.copyOf(pair));
    }
    sorted.sort(Comparator.comparing(p -> p.get(0)));
    for (int i = 0; i < sorted.size(); i++) {
      checkArgument(
          sorted.get(i).get(0) == i + 1,
          "forced_decoder_ids must force positions 1..%s without gaps: %s",
          sorted.size(),
          forcedDecoderIds);
    }
    forcedDecoderIds = ImmutableList.copyOf(sorted);
    suppressTokens = ImmutableList.copyOf(suppressTokens);
    beginSuppressTokens = ImmutableList.copyOf(beginSuppressTokens);
    checkArgument(
        maxLength > sorted.size() + 1,
        "max_length %s leaves no room after the %s prompt tokens",
        maxLength,
        sorted.size() + 1);
    checkArgument(
        timestampBegin >= -1, "timestamp_begin must be a token id or -1: %s", timestampBegin);
    checkArgument(
        maxInitialTimestampIndex >= -1,
        "max_initial_timestamp_index must be >= 0 or -1: %s",
        maxInitialTimestampIndex);
  }

  /**
   * Creates rules for decoding without timestamps.
   *
   * @param decoderStartTokenId {@code decoder_start_token_id}
   * @param eosTokenId {@code eos_token_id}
   * @param forcedDecoderIds {@code forced_decoder_ids}
   * @param suppressTokens {@code suppress_tokens}
   * @param beginSuppressTokens {@code begin_suppress_tokens}
   * @param maxLength {@code max_length}, prompt included
   */
  public WhisperGenerationConfig(
      int decoderStartTokenId,
      int eosTokenId,
      List<List<Integer>> forcedDecoderIds,
      List<Integer> suppressTokens,
      List<Integer> beginSuppressTokens,
      int maxLength) {
    this(
        decoderStartTokenId,
        eosTokenId,
        forcedDecoderIds,
        suppressTokens,
        beginSuppressTokens,
        maxLength,
        -1,
        -1);
  }

  /**
   * Reads a {@code generation_config.json}.
   *
   * @param file the file
   * @return the rules
   * @throws IllegalArgumentException one line naming the file, the key and the value
   */
  public static WhisperGenerationConfig fromFile(Path file) {
    return ConfigJson.readFile(file, WhisperGenerationConfig::fromJson);
  }

  /**
   * Parses the text of a {@code generation_config.json}.
   *
   * @param json the JSON text
   * @return the rules
   */
  public static WhisperGenerationConfig fromJson(String json) {
    ConfigJson j = ConfigJson.parse(json);
    return new WhisperGenerationConfig(
        j.integer("decoder_start_token_id"),
        j.integer("eos_token_id"),
        j.has("forced_decoder_ids") ? j.intLists("forced_decoder_ids") : List.of(),
        j.has("suppress_tokens") ? j.ints("suppress_tokens") : List.of(),
        j.has("begin_suppress_tokens") ? j.ints("begin_suppress_tokens") : List.of(),
        j.integer("max_length", 448),
        -1,
        j.integer("max_initial_timestamp_index", -1));
  }

  /**
   * Returns the tokens decoding starts from.
   *
   * @return {@code decoder_start_token_id}, then the forced tokens in position order
   */
  public long[] prompt() {
    long[] out = new long[forcedDecoderIds.size() + 1];
    out[0] = decoderStartTokenId;
    for (int i = 0; i < forcedDecoderIds.size(); i++) {
      out[i + 1] = forcedDecoderIds.get(i).get(1);
    }
    return out;
  }

  /**
   * Returns the suppressed tokens of a generated step.
   *
   * @param step 0 for the first token after the prompt
   * @return token ids whose probability is 0 at that step
   */
  public int[] suppressedAt(int step) {
    if (step > 0) {
      return Ints.toArray(suppressTokens);
    }
    return Ints.concat(Ints.toArray(suppressTokens), Ints.toArray(beginSuppressTokens));
  }

  /**
   * Returns these rules with another length limit.
   *
   * @param length {@code max_length}, prompt included
   * @return a new config
   */
  public WhisperGenerationConfig withMaxLength(int length) {
    return new WhisperGenerationConfig(
        decoderStartTokenId,
        eosTokenId,
        forcedDecoderIds,
        suppressTokens,
        beginSuppressTokens,
        length,
        timestampBegin,
        maxInitialTimestampIndex);
  }

  /**
   * Tells whether the decoder may emit timestamp tokens.
   *
   * @return true when {@link #timestampBegin()} is set
   */
  public boolean timestamps() {
    return timestampBegin >= 0;
  }
}
