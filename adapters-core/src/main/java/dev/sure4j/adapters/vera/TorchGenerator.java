package dev.sure4j.adapters.vera;

/**
 * PyTorch's CPU random generator as {@code torch.Generator().manual_seed(seed)} creates it: a
 * standard 32-bit Mersenne Twister (mt19937) seeded with the low 32 bits of the seed, and the float
 * {@code uniform_} that PyTorch 1.13 draws from it. It reproduces, bit for bit, the shared VeRA
 * projections that PEFT draws from {@code projection_prng_key}.
 *
 * <p>{@code uniform_(from, to)} on a float32 tensor takes one 32-bit draw per element, in memory
 * order, and returns {@code float((draw & (2^24 - 1)) * 2^-24 * (to - from) + from)} with {@code
 * from} and {@code to} first rounded to float32, the product and sum rounded once. Not thread-safe.
 */
public final class TorchGenerator {

  private static final int N = 624;
  private static final int M = 397;
  private static final int UPPER = 0x80000000;
  private static final int LOWER = 0x7fffffff;
  private static final int MATRIX = 0x9908b0df;
  private static final int MANTISSA_MASK = (1 << 24) - 1;
  private static final double TWO_TO_MINUS_24 = 1.0 / (1 << 24);

  private final int[] state = new int[N];
  private int next = N;

  /**
   * Seeds the generator as {@code torch.Generator().manual_seed(seed)} does.
   *
   * @param seed the seed; only its low 32 bits count, as in PyTorch
   */
  public TorchGenerator(long seed) {
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      int prev = state[i - 1];
      state[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
    }
  }

  /**
   * Returns the next 32-bit draw, {@code generator->random()} in PyTorch.
   *
   * @return the draw as an unsigned value in {@code [0, 2^32)}
   */
  public long nextUnsigned() {
    if (next >= N) {
      twist();
    }
    int y = state[next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  private void twist() {
    for (int k = 0; k < N; k++) {
      int y = (state[k] & UPPER) | (state[(k + 1) % N] & LOWER);
      state[k] = state[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX : 0);
    }
    next = 0;
  }

  /**
   * Fills a new float32 array as {@code torch.empty(n).uniform_(from, to, generator=g)} does.
   *
   * @param n the number of elements, in the tensor's memory (row-major) order
   * @param from the lower bound
   * @param to the upper bound
   * @return the {@code n} values
   */
  public float[] uniform(int n, double from, double to) {
    // PyTorch casts the bounds to float and computes x * (to - from) + from; both the product
    // (24 x 24 bits) and the sum are exact in double, so one rounding to float remains.
    double lo = (float) from;
    double range = (float) to - (float) from;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double x = (nextUnsigned() & MANTISSA_MASK) * TWO_TO_MINUS_24;
      out[i] = (float) (x * range + lo);
    }
    return out;
  }

  /**
   * Fills a new {@code [rows, cols]} float32 matrix as PEFT's {@code _kaiming_init} does: {@code
   * uniform_(-bound, bound)} with {@code bound = sqrt(3) * sqrt(2) / sqrt(cols)} (fan-in {@code
   * cols}, gain {@code sqrt(2)}).
   *
   * @param rows the first dimension
   * @param cols the second dimension, the fan-in
   * @return the {@code rows * cols} values, row-major
   */
  public float[] kaimingUniform(int rows, int cols) {
    double std = Math.sqrt(2) / Math.sqrt(cols);
    double bound = Math.sqrt(3.0) * std;
    return uniform(Math.multiplyExact(rows, cols), -bound, bound);
  }
}
