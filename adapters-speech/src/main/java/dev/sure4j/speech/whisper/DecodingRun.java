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
  private final NDArray[] bias = new NDArray[2];

  DecodingRun(WhisperModel model, WhisperGenerationConfig rules, NDArray encoderStates) {
    this(model, rules, encoderStates, false);
  }

  /**
   * Starts a run over one utterance ({@code [1, frames, d_model]}) or, with {@code batched}, over
   * {@code B} utterances decoded side by side ({@code [B, frames, d_model]}, one hypothesis each).
   */
  DecodingRun(
      WhisperModel model, WhisperGenerationConfig rules, NDArray encoderStates, boolean batched) {
    checkArgument(
        encoderStates.getShape().dimension() == 3
            && (batched || encoderStates.getShape().get(0) == 1),
        "decoding takes the encoder states %s, got %s",
        batched ? "[batch, frames, d_model]" : "of one utterance [1, frames, d_model]",
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
      float[] lp = scores(scope, tokens, step).logSoftmax(-1).toFloatArray();
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
   * Feeds each hypothesis's tokens and returns its most probable next token after suppression,
   * computed where the logits are: only the token ids are read back, not the {@code [vocab]}
   * scores. Greedy decoding without the timestamp rules (which read every score) takes this path;
   * the argmax of the suppressed logits is that of their log-softmax.
   *
   * @param tokens {@code [batch][T]}: the prompt at step 0, then each row's last token
   * @param step the number of tokens generated after the prompt so far
   * @return each row's next token id, {@code [batch]}
   * @throws IllegalStateException when the timestamp rules apply
   */
  long[] nextTokens(long[][] tokens, int step) {
    if (rules.timestamps()) {
      throw new IllegalStateException("the timestamp rules need every score: use nextLogProbs");
    }
    try (NDManager scope = home.newSubManager()) {
      return scores(scope, tokens, step).argMax(-1).toLongArray();
    }
  }

  /**
   * The last position's logits plus the suppression bias of the step: {@code [batch, vocab]}, in
   * {@code scope}.
   */
  private NDArray scores(NDManager scope, long[][] tokens, int step) {
    long[] flat = Arrays.stream(tokens).flatMapToLong(Arrays::stream).toArray();
    NDArray ids = scope.create(flat, new Shape(tokens.length, tokens[0].length));
    NDArray logits = model.decoder().logits(store, ids, cache, false);
    long last = logits.getShape().get(1) - 1;
    return logits.get(new NDIndex(":, {}, :", last)).add(suppression(step));
  }

  /**
   * The suppression bias of a step ({@code [vocab]}, 0 or {@code -Infinity}), made once per run for
   * the first step after the prompt and once for the later ones.
   */
  private NDArray suppression(int step) {
    int which = step == 0 ? 0 : 1;
    if (bias[which] == null) {
      float[] b = new float[vocab];
      for (int t : rules.suppressedAt(step)) {
        b[t] = Float.NEGATIVE_INFINITY;
      }
      bias[which] = home.create(b);
    }
    return bias[which];
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
