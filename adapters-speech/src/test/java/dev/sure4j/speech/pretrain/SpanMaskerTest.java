package dev.sure4j.speech.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpanMaskerTest {

  @Test
  void masksAboutTheExpectedShareWithinValidFramesOnly() {
    SpanMasker masker = new SpanMasker(0.65f, 5);
    long[] valid = {200, 120, 80, 37};
    Random rng = new Random(1);
    long masked = 0;
    long total = 0;
    for (int rep = 0; rep < 200; rep++) {
      boolean[][] m = masker.mask(valid, 200, rng);
      for (int b = 0; b < valid.length; b++) {
        int count = 0;
        for (int t = 0; t < 200; t++) {
          if (t >= valid[b]) {
            assertFalse(m[b][t], "padded frame " + t + " of utterance " + b + " masked");
          } else if (m[b][t]) {
            count++;
          }
        }
        assertTrue(count >= 5, "at least one span of 5 frames: " + count);
        // spans <= 0.65 n / 5 + 1, each 5 frames
        assertTrue(count <= 0.65 * valid[b] + 5, "too many masked: " + count);
        masked += count;
        total += valid[b];
      }
    }
    double share = (double) masked / total;
    System.out.printf("span masking p=0.65, L=5: %.3f of valid frames masked%n", share);
    // with overlaps, about 1 - exp(-0.65) = 0.48 of the frames
    assertTrue(share > 0.40 && share < 0.56, "masked share " + share);
  }

  @Test
  void maskedRunsAreAtLeastOneSpanLong() {
    SpanMasker masker = new SpanMasker(0.5f, 4);
    boolean[][] m = masker.mask(new long[] {60}, 60, new Random(3));
    int run = 0;
    for (int t = 0; t <= 60; t++) {
      if (t < 60 && m[0][t]) {
        run++;
      } else {
        assertTrue(run == 0 || run >= 4, "run of " + run + " frames ending at " + t);
        run = 0;
      }
    }
  }

  @Test
  void shortUtteranceIsMaskedWhole() {
    boolean[][] m = new SpanMasker(0.65f, 5).mask(new long[] {3}, 6, new Random(0));
    assertArrayEquals(new boolean[] {true, true, true, false, false, false}, m[0]);
  }

  @Test
  void sameSeedSameMask() {
    SpanMasker masker = new SpanMasker(0.65f, 5);
    long[] valid = {50, 30};
    boolean[][] a = masker.mask(valid, 50, new Random(9));
    boolean[][] b = masker.mask(valid, 50, new Random(9));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(a[i], b[i]);
    }
  }
}
