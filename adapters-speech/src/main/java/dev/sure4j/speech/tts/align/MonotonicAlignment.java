package dev.sure4j.speech.tts.align;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Monotonic alignment search (MAS) of Glow-TTS (Kim et al. 2020) and RAD-TTS: the most likely
 * monotonic hard alignment of text tokens to frames under a log-probability matrix.
 *
 * <p>An alignment assigns each frame to exactly one token, tokens in order, every token at least
 * one frame; it is scored by the sum of {@code logProb[token][frame]} over its frames. The dynamic
 * programme is {@code Q[i][j] = logProb[i][j] + max(Q[i][j-1], Q[i-1][j-1])} with {@code Q[0][0] =
 * logProb[0][0]}, {@code O(tokens * frames)}; backtracking from {@code (tokens-1, frames-1)} stays
 * on a token on a tie, as the reference implementation does.
 */
public final class MonotonicAlignment {
  private MonotonicAlignment() {}

  /**
   * Finds the best alignment of one utterance.
   *
   * @param logProb log-probabilities {@code [tokens][frames]}, {@code 1 <= tokens <= frames}
   * @return durations in frames {@code [tokens]}, each {@code >= 1}, summing to {@code frames}
   */
  public static int[] search(float[][] logProb) {
    checkArgument(logProb.length > 0, "need at least one token");
    return search(logProb, logProb.length, logProb[0].length);
  }

  /**
   * Finds the best alignment of the leading {@code tokens x frames} block of a padded matrix.
   *
   * @param logProb log-probabilities {@code [maxTokens][maxFrames]}; entries past the lengths are
   *     ignored
   * @param tokens valid tokens, in {@code [1, frames]}
   * @param frames valid frames, at most the row length
   * @return durations in frames {@code [tokens]}, each {@code >= 1}, summing to {@code frames}
   */
  public static int[] search(float[][] logProb, int tokens, int frames) {
    checkArgument(
        tokens >= 1 && tokens <= logProb.length,
        "token count %s is outside [1, %s]",
        tokens,
        logProb.length);
    checkArgument(
        frames >= tokens && frames <= logProb[0].length,
        "frame count %s must be in [tokens=%s, %s]: every token needs a frame",
        frames,
        tokens,
        logProb[0].length);
    double[][] q = new double[tokens][frames];
    for (int j = 0; j < frames; j++) {
      // token i can be active at frame j only if i <= j and the later tokens still fit
      int lo = Math.max(0, tokens - (frames - j));
      int hi = Math.min(tokens - 1, j);
      for (int i = 0; i < tokens; i++) {
        if (i < lo || i > hi) {
          q[i][j] = Double.NEGATIVE_INFINITY;
          continue;
        }
        double prev;
        if (j == 0) {
          prev = 0;
        } else {
          double stay = q[i][j - 1];
          double advance = i > 0 ? q[i - 1][j - 1] : Double.NEGATIVE_INFINITY;
          prev = Math.max(stay, advance);
        }
        q[i][j] = logProb[i][j] + prev;
      }
    }
    int[] durations = new int[tokens];
    int i = tokens - 1;
    for (int j = frames - 1; j >= 0; j--) {
      durations[i]++;
      if (j > 0 && i > 0 && (i == j || q[i][j - 1] < q[i - 1][j - 1])) {
        i--;
      }
    }
    if (i != 0) {
      throw new IllegalStateException("backtracking ended on token " + i + ", not 0");
    }
    return durations;
  }

  /**
   * Finds the best alignment of every utterance of a padded batch.
   *
   * @param logProb log-probabilities {@code [batch][maxTokens][maxFrames]}
   * @param tokenLengths valid tokens per utterance {@code [batch]}
   * @param frameLengths valid frames per utterance {@code [batch]}, each {@code >=} its tokens
   * @return durations {@code [batch][maxTokens]}, zero for padding tokens; row {@code b} sums to
   *     {@code frameLengths[b]}
   */
  public static int[][] search(float[][][] logProb, int[] tokenLengths, int[] frameLengths) {
    checkArgument(
        tokenLengths.length == logProb.length && frameLengths.length == logProb.length,
        "need one token and frame length per utterance: batch %s, lengths %s and %s",
        logProb.length,
        tokenLengths.length,
        frameLengths.length);
    int[][] out = new int[logProb.length][];
    for (int b = 0; b < logProb.length; b++) {
      out[b] = new int[logProb[b].length];
      int[] d = search(logProb[b], tokenLengths[b], frameLengths[b]);
      System.arraycopy(d, 0, out[b], 0, d.length);
    }
    return out;
  }
}
