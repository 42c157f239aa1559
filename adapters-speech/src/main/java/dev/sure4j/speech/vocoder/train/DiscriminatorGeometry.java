package dev.sure4j.speech.vocoder.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The size of the HiFi-GAN discriminators: the periods of the multi-period discriminator (the
 * reference uses 2, 3, 5, 7, 11) and a width divisor applied to every channel count of both
 * discriminators (1 is the reference; 16 turns 1024 channels into 64).
 *
 * @param periods the periods in samples, each {@code >= 1}, not empty
 * @param widthDivisor the divisor of the reference channel counts, a power of two {@code >= 1}
 */
public record DiscriminatorGeometry(List<Integer> periods, int widthDivisor) {

  /** The periods of the reference. */
  public static final List<Integer> REFERENCE_PERIODS = List.of(2, 3, 5, 7, 11);

  /** Validates and copies. */
  public DiscriminatorGeometry {
    checkArgument(periods != null && !periods.isEmpty(), "discriminator periods are empty");
    periods = List.copyOf(periods);
    for (int p : periods) {
      checkArgument(p >= 1, "discriminator period must be >= 1: %s", p);
    }
    checkArgument(
        widthDivisor >= 1 && Integer.bitCount(widthDivisor) == 1 && widthDivisor <= 128,
        "discriminator width divisor must be a power of two in [1, 128]: %s",
        widthDivisor);
  }

  /**
   * Returns the reference periods with a width divisor.
   *
   * @param widthDivisor the divisor, a power of two in [1, 128]
   * @return the geometry
   */
  public static DiscriminatorGeometry of(int widthDivisor) {
    return new DiscriminatorGeometry(REFERENCE_PERIODS, widthDivisor);
  }

  /** Returns a reference channel count divided, at least 1. */
  static int width(int reference, int divisor) {
    return Math.max(1, reference / divisor);
  }

  /** Returns the reference group count, halved until it divides both channel counts. */
  static int groups(int reference, int in, int out) {
    int g = reference;
    while (in % g != 0 || out % g != 0) {
      g /= 2;
    }
    return g;
  }
}
