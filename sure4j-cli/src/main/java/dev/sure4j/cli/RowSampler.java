package dev.sure4j.cli;

import java.util.Random;

/**
 * Draws batches of row indices without replacement from {@code [0, n)}, reshuffling when fewer than
 * a batch remain; the demo's sampling order, fixed by the {@link Random} it is given.
 */
final class RowSampler {
  private final int n;
  private final Random random;
  private int[] perm;
  private int cursor;

  /**
   * Creates a sampler.
   *
   * @param n the number of rows
   * @param random the source of the shuffles
   */
  RowSampler(int n, Random random) {
    this.n = n;
    this.random = random;
    this.perm = shuffled(n, random);
  }

  /**
   * Returns the next batch.
   *
   * @param batch rows per batch, at most {@code n}
   * @return {@code batch} distinct row indices
   */
  int[] next(int batch) {
    if (cursor + batch > perm.length) {
      perm = shuffled(n, random);
      cursor = 0;
    }
    int[] rows = new int[batch];
    System.arraycopy(perm, cursor, rows, 0, batch);
    cursor += batch;
    return rows;
  }

  private static int[] shuffled(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
