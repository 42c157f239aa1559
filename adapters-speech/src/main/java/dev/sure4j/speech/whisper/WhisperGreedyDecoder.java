package dev.sure4j.speech.whisper;

import ai.djl.ndarray.NDArray;
import com.google.common.primitives.Longs;
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
    long[] ids = rules.prompt();
    try (DecodingRun run = new DecodingRun(model, rules, encoderStates)) {
      long[] feed = ids;
      int budget = run.budget(maxNewTokens);
      for (int step = 0; step < budget; step++) {
        int best =
            rules.timestamps()
                ? argMax(run.nextLogProbs(new long[][] {feed}, List.of(ids))[0])
                : Math.toIntExact(run.nextToken(feed, step));
        ids = Longs.concat(ids, new long[] {best});
        if (best == rules.eosTokenId()) {
          break;
        }
        feed = new long[] {best};
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
