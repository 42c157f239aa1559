package dev.sure4j.speech.tts.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The beta-binomial prior against closed forms. */
class BetaBinomialPriorTest {

  @Test
  void logGammaMatchesFactorialsAndHalf() {
    assertEquals(Math.log(24), BetaBinomialPrior.logGamma(5), 1e-12);
    assertEquals(Math.log(3628800), BetaBinomialPrior.logGamma(11), 1e-11);
    assertEquals(0.5 * Math.log(Math.PI), BetaBinomialPrior.logGamma(0.5), 1e-12);
  }

  @Test
  void pmfIsUniformForAlphaBetaOneAndSumsToOne() {
    // BetaBinom(n, 1, 1) is uniform on 0..n
    for (int k = 0; k <= 6; k++) {
      assertEquals(1.0 / 7, Math.exp(BetaBinomialPrior.logPmf(k, 6, 1, 1)), 1e-12);
    }
    // BetaBinom(2, 2, 1): p(k) = C(2,k) B(k+2, 3-k) / B(2,1) = 1/6, 1/3, 1/2
    assertEquals(1.0 / 6, Math.exp(BetaBinomialPrior.logPmf(0, 2, 2, 1)), 1e-12);
    assertEquals(1.0 / 3, Math.exp(BetaBinomialPrior.logPmf(1, 2, 2, 1)), 1e-12);
    assertEquals(1.0 / 2, Math.exp(BetaBinomialPrior.logPmf(2, 2, 2, 1)), 1e-12);
  }

  @Test
  void priorFollowsTheDiagonal() {
    float[][] p = BetaBinomialPrior.logPrior(5, 20, 1.0);
    int previous = 0;
    for (float[] frame : p) {
      int best = 0;
      for (int k = 1; k < frame.length; k++) {
        best = frame[k] > frame[best] ? k : best;
      }
      assertTrue(best >= previous, "the most likely token never goes back");
      previous = best;
    }
    assertEquals(0, argmax(p[0]));
    assertEquals(4, argmax(p[19]));
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int k = 1; k < v.length; k++) {
      best = v[k] > v[best] ? k : best;
    }
    return best;
  }
}
