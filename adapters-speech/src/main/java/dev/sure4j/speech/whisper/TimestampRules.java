package dev.sure4j.speech.whisper;

import java.util.Arrays;

/**
 * The rules of Hugging Face's {@code WhisperTimeStampLogitsProcessor}, applied to one hypothesis's
 * log-probabilities after suppression (without renormalising, as the processor does in beam
 * search): {@code <|notimestamps|>} never; timestamps come in pairs (after a lone timestamp only a
 * timestamp or the end token, after a pair only text); timestamps never decrease; the first
 * generated token is a timestamp no later than {@code max_initial_timestamp_index}; and when the
 * timestamps together are more probable than any text token, a timestamp.
 */
final class TimestampRules {

  private TimestampRules() {}

  /**
   * Applies the rules in place.
   *
   * @param lp log-probabilities {@code [vocab]} of the next token
   * @param seq the hypothesis so far, prompt included
   * @param promptLength tokens of the forced prompt at the start of {@code seq}
   * @param rules rules with {@link WhisperGenerationConfig#timestamps()}
   */
  static void apply(float[] lp, long[] seq, int promptLength, WhisperGenerationConfig rules) {
    int ts = rules.timestampBegin();
    int n = seq.length - promptLength;
    lp[ts - 1] = Float.NEGATIVE_INFINITY;
    boolean last = n >= 1 && seq[seq.length - 1] >= ts;
    boolean penultimate = n < 2 || seq[seq.length - 2] >= ts;
    if (last) {
      if (penultimate) {
        forbid(lp, ts, lp.length);
      } else {
        forbid(lp, 0, rules.eosTokenId());
      }
    }
    long lastStamp = -1;
    for (int i = promptLength; i < seq.length; i++) {
      lastStamp = seq[i] >= ts ? seq[i] : lastStamp;
    }
    if (lastStamp >= 0) {
      forbid(lp, ts, (int) (last && !penultimate ? lastStamp : lastStamp + 1));
    }
    if (n == 0) {
      forbid(lp, 0, ts);
      if (rules.maxInitialTimestampIndex() >= 0) {
        forbid(lp, ts + rules.maxInitialTimestampIndex() + 1, lp.length);
      }
    }
    if (logSumExp(lp, ts, lp.length) > max(lp, 0, ts)) {
      forbid(lp, 0, ts);
    }
  }

  private static void forbid(float[] lp, int from, int to) {
    if (from < Math.min(to, lp.length)) {
      Arrays.fill(lp, from, Math.min(to, lp.length), Float.NEGATIVE_INFINITY);
    }
  }

  private static double max(float[] lp, int from, int to) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      m = Math.max(m, lp[i]);
    }
    return m;
  }

  private static double logSumExp(float[] lp, int from, int to) {
    double m = max(lp, from, to);
    if (m == Double.NEGATIVE_INFINITY) {
      return m;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(lp[i] - m);
    }
    return m + Math.log(sum);
  }
}
