package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;

/**
 * One decoding run over one utterance, shared by greedy and beam search: the cache, the prompt and
 * the suppression rules. Each step runs in its own sub-manager, so that only the cache outlives it.
 */
final class DecodingRun implements AutoCloseable {

  private final WhisperModel model;
  private final WhisperGenerationConfig rules;
  private final NDManager home;
  private final ParameterStore store;
  private final WhisperDecoderCache cache;
  private final int vocab;

  DecodingRun(WhisperModel model, WhisperGenerationConfig rules, NDArray encoderStates) {
    checkArgument(
        encoderStates.getShape().dimension() == 3 && encoderStates.getShape().get(0) == 1,
        "decoding takes the states of one utterance [1, frames, d_model], got %s",
        encoderStates.getShape());
    this.model = model;
    this.rules = rules;
    this.home = encoderStates.getManager().newSubManager();
    this.store = new ParameterStore(home, false);
    this.vocab = model.config().vocabSize();
    NDArray states = encoderStates.duplicate();
    states.attach(home);
    this.cache = model.decoder().newCache(store, states, false);
  }

  /**
   * Returns the largest number of tokens a run may generate after the prompt.
   *
   * @param maxNewTokens the caller's limit
   * @return the limit within {@code max_length} and {@code max_target_positions}
   */
  int budget(int maxNewTokens) {
    int room =
        Math.min(rules.maxLength(), model.config().maxTargetPositions()) - rules.prompt().length;
    return Math.min(maxNewTokens, room);
  }

  /**
   * Feeds tokens and returns the processed log-probabilities of the next one.
   *
   * @param tokens {@code [batch][T]}: the prompt at step 0, then one token per hypothesis
   * @param sequences the hypotheses so far, prompt included, one per row of {@code tokens}
   * @return log-softmax over the vocabulary {@code [batch][vocab]}, suppressed tokens at {@code
   *     -Infinity}, then the timestamp rules when {@link WhisperGenerationConfig#timestamps()}
   */
  float[][] nextLogProbs(long[][] tokens, List<long[]> sequences) {
    int promptLength = rules.prompt().length;
    int step = sequences.get(0).length - promptLength;
    try (NDManager scope = home.newSubManager()) {
      long[] flat = Arrays.stream(tokens).flatMapToLong(Arrays::stream).toArray();
      NDArray ids = scope.create(flat, new Shape(tokens.length, tokens[0].length));
      NDArray logits = model.decoder().logits(store, ids, cache, false);
      long last = logits.getShape().get(1) - 1;
      NDArray next = logits.get(new NDIndex(":, {}, :", last));
      float[] bias = new float[vocab];
      for (int t : rules.suppressedAt(step)) {
        bias[t] = Float.NEGATIVE_INFINITY;
      }
      float[] lp = next.add(scope.create(bias)).logSoftmax(-1).toFloatArray();
      float[][] out = new float[tokens.length][];
      for (int b = 0; b < out.length; b++) {
        out[b] = Arrays.copyOfRange(lp, b * vocab, (b + 1) * vocab);
        if (rules.timestamps()) {
          TimestampRules.apply(out[b], sequences.get(b), promptLength, rules);
        }
      }
      return out;
    }
  }

  /**
   * Reorders the hypotheses of the cache (beam search).
   *
   * @param rows row {@code i} of the next step continues old row {@code rows[i]}
   */
  void select(long[] rows) {
    try (NDManager scope = home.newSubManager()) {
      cache.select(scope.create(rows));
    }
  }

  WhisperGenerationConfig rules() {
    return rules;
  }

  @Override
  public void close() {
    home.close();
  }
}
