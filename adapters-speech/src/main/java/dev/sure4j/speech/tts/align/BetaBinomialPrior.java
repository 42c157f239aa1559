package dev.sure4j.speech.tts.align;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The beta-binomial alignment prior of "One TTS Alignment To Rule Them All" (NeMo's {@code
 * beta_binomial_prior_distribution}): frame {@code j} of {@code M} (1-based) puts probability
 * {@code BetaBinom(k; n = N, a = s j, b = s (M + 1 - j))} on token {@code k} of {@code N}, which
 * keeps the early soft alignment near the diagonal.
 */
public final class BetaBinomialPrior {

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  private BetaBinomialPrior() {}

  /**
   * Returns the log prior of one utterance.
   *
   * @param tokens {@code N}, &gt;= 1
   * @param frames {@code M}, &gt;= 1
   * @param scaling {@code s} (NeMo: 1)
   * @return {@code ln p} {@code [frames][tokens]}
   */
  public static float[][] logPrior(int tokens, int frames, double scaling) {
    checkArgument(
        tokens >= 1 && frames >= 1, "need tokens and frames >= 1: %s, %s", tokens, frames);
    checkArgument(scaling > 0, "scaling must be > 0: %s", scaling);
    float[][] out = new float[frames][tokens];
    for (int j = 1; j <= frames; j++) {
      double a = scaling * j;
      double b = scaling * (frames + 1 - j);
      for (int k = 0; k < tokens; k++) {
        out[j - 1][k] = (float) logPmf(k, tokens, a, b);
      }
    }
    return out;
  }

  /**
   * Returns the log probability mass of the beta-binomial distribution.
   *
   * @param k successes, in {@code [0, n]}
   * @param n trials
   * @param a alpha, &gt; 0
   * @param b beta, &gt; 0
   * @return {@code ln C(n, k) + ln B(k + a, n - k + b) - ln B(a, b)}
   */
  public static double logPmf(int k, int n, double a, double b) {
    double choose = logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    return choose + logBeta(k + a, n - k + b) - logBeta(a, b);
  }

  private static double logBeta(double a, double b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
  }

  /**
   * Returns {@code ln Gamma(x)} for {@code x > 0} (Lanczos approximation, g = 7, about 15
   * significant digits).
   *
   * @param x the argument, &gt; 0
   * @return {@code ln Gamma(x)}
   */
  public static double logGamma(double x) {
    checkArgument(x > 0, "logGamma needs x > 0: %s", x);
    if (x < 0.5) {
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
