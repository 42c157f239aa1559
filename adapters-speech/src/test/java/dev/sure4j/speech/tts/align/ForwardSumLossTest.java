package dev.sure4j.speech.tts.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sure4j.speech.ctc.CtcReduction;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ForwardSumLoss} against exhaustive sums over alignments, in double precision. */
@Tag("parity")
class ForwardSumLossTest {

  private static final double TOLERANCE = 1e-4;

  @Test
  void blankFreeEqualsSumOverMonotonicPaths() {
    assertMatchesExhaustive(ForwardSumLoss.of(-1e30f, CtcReduction.NONE), false, "blank-free");
  }

  @Test
  void radTtsBlankEqualsSumOverCtcPaths() {
    assertMatchesExhaustive(ForwardSumLoss.of(-1f, CtcReduction.NONE), true, "blank -1");
  }

  @Test
  void paddedBatchWithMeanReductionEqualsSingleUtterances() {
    Random random = new Random(3);
    float[][][] scores = randomScores(random, 2, 6, 4);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(flat(scores), new Shape(2, 6, 4));
      float loss =
          ForwardSumLoss.radTts()
              .compute(x, m.create(new int[] {4, 2}), m.create(new int[] {6, 3}))
              .getFloat();
      double first = exhaustive(scores[0], 4, 6, true, -1) / 4;
      double second = exhaustive(scores[1], 2, 3, true, -1) / 2;
      assertEquals((first + second) / 2, loss, TOLERANCE);
    }
  }

  @Test
  void gradientIsFiniteAndZeroOnPadding() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2, 6, 4));
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss =
            ForwardSumLoss.radTts()
                .compute(x, m.create(new int[] {4, 2}), m.create(new int[] {6, 3}));
        collector.backward(loss);
      }
      float[] g = x.getGradient().toFloatArray();
      for (int t = 0; t < 6; t++) {
        for (int i = 0; i < 4; i++) {
          float v = g[(6 + t) * 4 + i]; // utterance 1: 3 frames, 2 tokens
          assertTrue(Float.isFinite(g[t * 4 + i]) && Float.isFinite(v));
          if (t >= 3 || i >= 2) {
            assertEquals(0f, v, "padding at frame " + t + ", token " + i);
          }
        }
      }
      assertTrue(Math.abs(g[0]) > 0, "a valid position has a gradient");
    }
  }

  @Test
  void tooFewFramesGiveZero() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(1, 2, 3));
      float loss =
          ForwardSumLoss.blankFree()
              .compute(x, m.create(new int[] {3}), m.create(new int[] {2}))
              .getFloat();
      assertEquals(0f, loss);
    }
  }

  private static void assertMatchesExhaustive(ForwardSumLoss loss, boolean blank, String kind) {
    double maxDiff = compareAll(loss, blank);
    System.out.printf(
        "forward-sum (%s) vs exhaustive sum: max abs diff %.3g nats%n", kind, maxDiff);
    assertTrue(maxDiff < TOLERANCE, kind + ": max abs diff " + maxDiff);
  }

  private static double compareAll(ForwardSumLoss loss, boolean blank) {
    Random random = new Random(11);
    double maxDiff = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (int tokens = 1; tokens <= 3; tokens++) {
        for (int frames = tokens; frames <= 6; frames++) {
          float[][][] scores = randomScores(random, 1, frames, tokens);
          NDArray x = m.create(flat(scores), new Shape(1, frames, tokens));
          float got =
              loss.compute(x, m.create(new int[] {tokens}), m.create(new int[] {frames}))
                  .getFloat(0);
          double want = exhaustive(scores[0], tokens, frames, blank, -1);
          maxDiff = Math.max(maxDiff, Math.abs(got - want));
        }
      }
    }
    return maxDiff;
  }

  /**
   * Minus the log of the summed path probabilities, by enumerating every frame labelling in {@code
   * {blank, 1..tokens}^frames} (or {@code {1..tokens}^frames} without blank) whose collapse (merge
   * repeats, drop blanks) is {@code 1..tokens}.
   */
  private static double exhaustive(
      float[][] scores, int tokens, int frames, boolean blank, double blankScore) {
    double[][] p = new double[frames][tokens + 1];
    for (int t = 0; t < frames; t++) {
      double z = blank ? Math.exp(blankScore) : 0;
      for (int i = 0; i < tokens; i++) {
        z += Math.exp(scores[t][i]);
      }
      p[t][0] = blank ? Math.exp(blankScore) / z : 0;
      for (int i = 0; i < tokens; i++) {
        p[t][i + 1] = Math.exp(scores[t][i]) / z;
      }
    }
    int classes = tokens + 1;
    int[] labels = new int[frames];
    double total = 0;
    long count = Math.round(Math.pow(classes, frames));
    for (long code = 0; code < count; code++) {
      long c = code;
      for (int t = 0; t < frames; t++) {
        labels[t] = (int) (c % classes);
        c /= classes;
      }
      if (collapsesToAllTokens(labels, tokens)) {
        double prod = 1;
        for (int t = 0; t < frames; t++) {
          prod *= p[t][labels[t]];
        }
        total += prod;
      }
    }
    return -Math.log(total);
  }

  private static boolean collapsesToAllTokens(int[] labels, int tokens) {
    int next = 1;
    int previous = -1;
    for (int label : labels) {
      if (label != previous && label != 0) {
        if (label != next) {
          return false;
        }
        next++;
      }
      previous = label;
    }
    return next == tokens + 1;
  }

  private static float[][][] randomScores(Random random, int batch, int frames, int tokens) {
    float[][][] s = new float[batch][frames][tokens];
    for (float[][] m : s) {
      for (float[] row : m) {
        for (int i = 0; i < tokens; i++) {
          row[i] = (float) (random.nextGaussian() * 2);
        }
      }
    }
    return s;
  }

  private static float[] flat(float[][][] s) {
    int frames = s[0].length;
    int tokens = s[0][0].length;
    float[] out = new float[s.length * frames * tokens];
    int k = 0;
    for (float[][] m : s) {
      for (float[] row : m) {
        System.arraycopy(row, 0, out, k, tokens);
        k += tokens;
      }
    }
    return out;
  }
}
