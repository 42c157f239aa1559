package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam search with a key-value cache, as Hugging Face's {@code generate(num_beams=N,
 * length_penalty=p, early_stopping=False)} without sampling.
 *
 * <p>At each step every open hypothesis's log-probabilities (after suppression) are added to its
 * score and the best {@code 2N} continuations over all hypotheses are taken in order: one that ends
 * with {@code <|endoftext|>} and ranks among the first {@code N} becomes a finished hypothesis
 * scored {@code sum(log p) / generated^p} (the prompt not counted); the others continue until
 * {@code N} are open. Decoding stops when {@code N} hypotheses are finished and the best open score
 * divided by {@code generated^p} does not beat the {@code N}-th best finished one, or at the length
 * limit, where the open hypotheses are finished the same way. The best finished hypothesis wins
 * (the first of equals).
 */
public final class WhisperBeamSearch extends WhisperDecoding {

  private final int beams;
  private final double lengthPenalty;

  private WhisperBeamSearch(Builder b) {
    super(b.model, b.rules);
    this.beams = b.beams;
    this.lengthPenalty = b.lengthPenalty;
  }

  /**
   * Returns a builder.
   *
   * @return a builder with 5 beams and length penalty 1.0
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public long[] decode(NDArray encoderStates, int maxNewTokens) {
    long[] prompt = rules.prompt();
    List<long[]> open = List.of(prompt);
    double[] scores = {0};
    List<Finished> done = new ArrayList<>();
    try (DecodingRun run = new DecodingRun(model, rules, encoderStates)) {
      long[][] feed = {prompt};
      int budget = run.budget(maxNewTokens);
      for (int step = 0; step < budget; step++) {
        float[][] lp = run.nextLogProbs(feed, open);
        List<Candidate> top = top(lp, scores, 2 * beams);
        List<long[]> next = new ArrayList<>();
        List<Double> nextScores = new ArrayList<>();
        long[] rows = new long[beams];
        for (int rank = 0; rank < top.size() && next.size() < beams; rank++) {
          Candidate c = top.get(rank);
          long[] seq = append(open.get(c.row), c.token);
          if (c.token == rules.eosTokenId()) {
            if (rank < beams) {
              done.add(new Finished(c.score / Math.pow(step + 1, lengthPenalty), seq));
            }
            continue;
          }
          rows[next.size()] = c.row;
          next.add(seq);
          nextScores.add(c.score);
        }
        open = next;
        scores = nextScores.stream().mapToDouble(Double::doubleValue).toArray();
        if (done.size() >= beams && finished(done, scores, step + 1)) {
          break;
        }
        if (step + 1 < budget) {
          run.select(rows);
          feed = new long[beams][];
          for (int i = 0; i < beams; i++) {
            feed[i] = new long[] {open.get(i)[open.get(i).length - 1]};
          }
        }
      }
    }
    for (int i = 0; i < open.size(); i++) {
      double generated = open.get(i).length - prompt.length;
      done.add(new Finished(scores[i] / Math.pow(generated, lengthPenalty), open.get(i)));
    }
    Finished best = done.get(0);
    for (Finished f : done) {
      if (f.score > best.score) {
        best = f;
      }
    }
    return best.ids;
  }

  private boolean finished(List<Finished> done, double[] open, int generated) {
    double bestOpen = Arrays.stream(open).max().orElse(Double.NEGATIVE_INFINITY);
    double[] sorted = done.stream().mapToDouble(Finished::score).sorted().toArray();
    return sorted[sorted.length - beams] >= bestOpen / Math.pow(generated, lengthPenalty);
  }

  /** The best {@code k} of {@code score[row] + lp[row][token]}, best first, as torch.topk. */
  private static List<Candidate> top(float[][] lp, double[] scores, int k) {
    List<Candidate> all = new ArrayList<>();
    for (int row = 0; row < lp.length; row++) {
      for (int t = 0; t < lp[row].length; t++) {
        float total = (float) scores[row] + lp[row][t];
        if (total > Float.NEGATIVE_INFINITY) {
          all.add(new Candidate(row, t, total));
        }
      }
    }
    all.sort((a, b) -> Double.compare(b.score, a.score));
    return all.subList(0, Math.min(k, all.size()));
  }

  private static long[] append(long[] seq, long token) {
    long[] out = Arrays.copyOf(seq, seq.length + 1);
    out[seq.length] = token;
    return out;
  }

  private record Candidate(int row, int token, double score) {}

  private record Finished(double score, long[] ids) {}

  /** Builds a {@link WhisperBeamSearch}. */
  public static final class Builder {
    private WhisperModel model;
    private WhisperGenerationConfig rules;
    private int beams = 5;
    private double lengthPenalty = 1.0;

    private Builder() {}

    /**
     * Sets the model (required).
     *
     * @param value the model
     * @return this builder
     */
    public Builder setModel(WhisperModel value) {
      model = value;
      return this;
    }

    /**
     * Sets the prompt, suppression and length rules (required).
     *
     * @param value the rules
     * @return this builder
     */
    public Builder setRules(WhisperGenerationConfig value) {
      rules = value;
      return this;
    }

    /**
     * Sets the number of beams ({@code num_beams}).
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder optBeams(int count) {
      beams = count;
      return this;
    }

    /**
     * Sets the length penalty ({@code length_penalty}): scores are divided by {@code
     * generated^penalty}.
     *
     * @param penalty the exponent
     * @return this builder
     */
    public Builder optLengthPenalty(double penalty) {
      lengthPenalty = penalty;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the search
     */
    public WhisperBeamSearch build() {
      checkArgument(model != null && rules != null, "a model and generation rules are required");
      checkArgument(beams >= 1, "num_beams must be >= 1: %s", beams);
      return new WhisperBeamSearch(this);
    }
  }
}
