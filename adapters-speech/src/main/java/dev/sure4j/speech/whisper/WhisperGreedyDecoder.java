package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import com.google.common.primitives.Longs;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding with a key-value cache, as Hugging Face's {@code generate} with {@code num_beams
 * = 1}: the prompt of {@link WhisperGenerationConfig#prompt()}, then at each step the most probable
 * token after suppression ({@link WhisperGenerationConfig#suppressedAt(int)}), until {@code
 * <|endoftext|>} or the length limit. Thread-safe when the model is not changed meanwhile.
 */
public final class WhisperGreedyDecoder extends WhisperDecoding {

  /**
   * Creates a decoder.
   *
   * @param model the model
   * @param rules the prompt, suppression and length rules
   */
  public WhisperGreedyDecoder(WhisperModel model, WhisperGenerationConfig rules) {
    super(model, rules);
  }

  @Override
  public long[] decode(NDArray encoderStates, int maxNewTokens) {
    if (!rules.timestamps()) {
      return greedy(encoderStates, maxNewTokens, false)[0];
    }
    long[] ids = rules.prompt();
    try (DecodingRun run = new DecodingRun(model, rules, encoderStates)) {
      long[] feed = ids;
      int budget = run.budget(maxNewTokens);
      for (int step = 0; step < budget; step++) {
        int best = argMax(run.nextLogProbs(new long[][] {feed}, List.of(ids))[0]);
        ids = Longs.concat(ids, new long[] {best});
        if (best == rules.eosTokenId()) {
          break;
        }
        feed = new long[] {best};
      }
    }
    return ids;
  }

  /**
   * Decodes several utterances side by side, one greedy hypothesis each: every step feeds the last
   * token of every row through one decoder pass, until each row has ended or the limit is reached.
   * A row's tokens are those {@link #decode} gives it alone (the rows never attend to each other;
   * only the rounding of the batched products may differ); a finished row is fed on, and what it
   * generates after its {@code <|endoftext|>} is dropped. With the timestamp rules, which read
   * every score, the rows are decoded one at a time.
   *
   * @param encoderStates {@code [batch, frames, d_model]} from {@link WhisperEncoder#encode}
   * @param maxNewTokens tokens to generate at most per row after the prompt (also bounded by {@code
   *     max_length} and {@code max_target_positions})
   * @return per row the token ids, prompt first, ending with {@code <|endoftext|>} unless the limit
   *     came first
   */
  public long[][] decodeBatch(NDArray encoderStates, int maxNewTokens) {
    if (rules.timestamps()) {
      long[][] ids = new long[Math.toIntExact(encoderStates.getShape().get(0))][];
      for (int b = 0; b < ids.length; b++) {
        ids[b] = decode(encoderStates.get(b).expandDims(0), maxNewTokens);
      }
      return ids;
    }
    return greedy(encoderStates, maxNewTokens, true);
  }

  /**
   * The greedy loop without the timestamp rules: each step reads back only the rows' next token ids
   * ({@link DecodingRun#nextTokens}).
   *
   * @param encoderStates {@code [batch, frames, d_model]}; {@code [1, frames, d_model]} unless
   *     {@code batched}
   * @param maxNewTokens tokens to generate at most per row after the prompt
   * @param batched whether more than one utterance may be decoded
   * @return per row the token ids, prompt first
   */
  private long[][] greedy(NDArray encoderStates, int maxNewTokens, boolean batched) {
    int batch = Math.toIntExact(encoderStates.getShape().get(0));
    long[][] ids = new long[batch][];
    long[][] feed = new long[batch][];
    boolean[] done = new boolean[batch];
    Arrays.fill(ids, rules.prompt());
    Arrays.fill(feed, rules.prompt());
    try (DecodingRun run = new DecodingRun(model, rules, encoderStates, batched)) {
      int budget = run.budget(maxNewTokens);
      int open = batch;
      for (int step = 0; step < budget && open > 0; step++) {
        long[] next = run.nextTokens(feed, step);
        for (int b = 0; b < batch; b++) {
          if (!done[b]) {
            ids[b] = Longs.concat(ids[b], new long[] {next[b]});
            done[b] = next[b] == rules.eosTokenId();
            open -= done[b] ? 1 : 0;
          }
          feed[b] = new long[] {next[b]};
        }
      }
    }
    return ids;
  }

  private static int argMax(float[] lp) {
    int best = 0;
    for (int t = 1; t < lp.length; t++) {
      if (lp[t] > lp[best]) {
        best = t;
      }
    }
    return best;
  }
}
