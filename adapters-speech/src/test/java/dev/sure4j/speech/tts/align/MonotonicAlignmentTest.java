package dev.sure4j.speech.tts.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link MonotonicAlignment} on hand-computed matrices and against an exhaustive search. */
@Tag("parity")
class MonotonicAlignmentTest {

  @Test
  void twoTokensThreeFramesByHand() {
    // durations (1,2) score 0 - 1 + 0 = -1; (2,1) score 0 + 0 + 0 = 0
    float[][] lp = {{0f, 0f, -5f}, {-5f, -1f, 0f}};
    assertArrayEquals(new int[] {2, 1}, MonotonicAlignment.search(lp));
  }

  @Test
  void threeTokensFiveFramesByHand() {
    // the diagonal blocks of ones: token 0 on frame 0, token 1 on frames 1-3, token 2 on frame 4
    float[][] lp = {
      {0f, -9f, -9f, -9f, -9f},
      {-9f, 0f, 0f, 0f, -9f},
      {-9f, -9f, -9f, -9f, 0f}
    };
    assertArrayEquals(new int[] {1, 3, 1}, MonotonicAlignment.search(lp));
  }

  @Test
  void oneTokenTakesEveryFrameAndSquareIsDiagonal() {
    assertArrayEquals(new int[] {4}, MonotonicAlignment.search(new float[][] {{-1, -2, -3, -4}}));
    float[][] square = {{-9f, 0f, 0f}, {0f, -9f, 0f}, {0f, 0f, -9f}};
    assertArrayEquals(new int[] {1, 1, 1}, MonotonicAlignment.search(square));
  }

  @Test
  void matchesExhaustiveSearchOnRandomMatrices() {
    Random random = new Random(14);
    int cases = 0;
    for (int tokens = 1; tokens <= 5; tokens++) {
      for (int frames = tokens; frames <= 9; frames++) {
        for (int trial = 0; trial < 5; trial++) {
          float[][] lp = new float[tokens][frames];
          for (float[] row : lp) {
            for (int j = 0; j < frames; j++) {
              row[j] = (float) -Math.abs(random.nextGaussian() * 3);
            }
          }
          int[] best = null;
          double bestScore = Double.NEGATIVE_INFINITY;
          for (int[] d : compositions(frames, tokens)) {
            double score = score(lp, d);
            if (score > bestScore) {
              bestScore = score;
              best = d;
            }
          }
          int[] found = MonotonicAlignment.search(lp);
          assertArrayEquals(best, found, "tokens " + tokens + ", frames " + frames);
          assertEquals(frames, sum(found));
          cases++;
        }
      }
    }
    assertEquals(175, cases); // (9 + 8 + 7 + 6 + 5) sizes x 5 trials
  }

  @Test
  void paddedBatchEqualsSingleUtterances() {
    Random random = new Random(7);
    float[][][] batch = new float[2][4][8];
    for (float[][] m : batch) {
      for (float[] row : m) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) -Math.abs(random.nextGaussian());
        }
      }
    }
    // padding holds values that would win if it were read
    for (int j = 0; j < 8; j++) {
      batch[1][3][j] = 100f;
    }
    for (int i = 0; i < 4; i++) {
      batch[1][i][6] = 100f;
      batch[1][i][7] = 100f;
    }
    int[][] d = MonotonicAlignment.search(batch, new int[] {4, 3}, new int[] {8, 6});
    assertArrayEquals(MonotonicAlignment.search(batch[0]), d[0]);
    float[][] alone = new float[3][6];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(batch[1][i], 0, alone[i], 0, 6);
    }
    int[] single = MonotonicAlignment.search(alone);
    assertArrayEquals(new int[] {single[0], single[1], single[2], 0}, d[1]);
    assertEquals(6, sum(d[1]));
  }

  @Test
  void fewerFramesThanTokensIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MonotonicAlignment.search(new float[][] {{0f}, {0f}}));
    assertEquals(
        "frame count 1 must be in [tokens=2, 1]: every token needs a frame", e.getMessage());
  }

  /** Every split of {@code frames} into {@code parts} positive durations. */
  static List<int[]> compositions(int frames, int parts) {
    List<int[]> out = new ArrayList<>();
    fill(new int[parts], 0, frames, out);
    return out;
  }

  private static void fill(int[] d, int i, int left, List<int[]> out) {
    if (i == d.length - 1) {
      if (left >= 1) {
        d[i] = left;
        out.add(d.clone());
      }
      return;
    }
    for (int k = 1; k <= left - (d.length - 1 - i); k++) {
      d[i] = k;
      fill(d, i + 1, left - k, out);
    }
  }

  private static double score(float[][] lp, int[] d) {
    double s = 0;
    int j = 0;
    for (int i = 0; i < d.length; i++) {
      for (int k = 0; k < d[i]; k++) {
        s += lp[i][j++];
      }
    }
    return s;
  }

  private static int sum(int[] d) {
    int s = 0;
    for (int x : d) {
      s += x;
    }
    return s;
  }
}
