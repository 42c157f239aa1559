package dev.sure4j.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparisons of sure4j's values with reference values PyTorch wrote to committed fixtures. */
public final class Parity {

  private Parity() {}

  /**
   * Asserts both arrays have the same length and their largest absolute element difference is
   * within the tolerance; prints {@code label: max abs difference vs PyTorch}.
   *
   * @param label what is compared, printed and in the failure message
   * @param expected PyTorch's values
   * @param actual sure4j's values
   * @param tolerance the largest absolute difference allowed
   * @return the largest absolute difference
   */
  public static double assertClose(
      String label, float[] expected, float[] actual, double tolerance) {
    assertTrue(
        expected.length == actual.length,
        label + ": " + expected.length + " values expected, got " + actual.length);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("%s: max abs difference vs PyTorch %.3g%n", label, max);
    assertTrue(max <= tolerance, label + ": max abs difference " + max + " > " + tolerance);
    return max;
  }

  /**
   * Integer values (token ids, labels) a reference script stored as floats, exactly.
   *
   * @param f the stored values, each an integer below 2^24
   * @return the same values as longs
   */
  public static long[] longs(float[] f) {
    long[] out = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = (long) f[i];
    }
    return out;
  }
}
