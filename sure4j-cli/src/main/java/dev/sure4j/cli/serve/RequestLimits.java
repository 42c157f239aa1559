package dev.sure4j.cli.serve;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What one prediction request may carry.
 *
 * @param maxBodyBytes the largest request body, bytes (default 10 MB)
 * @param maxSeconds the longest audio after decoding, seconds (default 30)
 */
public record RequestLimits(long maxBodyBytes, double maxSeconds) {

  /** The defaults: 10 MB (10 * 2^20 bytes) and 30 s. */
  public static final RequestLimits DEFAULT = new RequestLimits(10L << 20, 30);

  /** Checks that both limits are positive. */
  public RequestLimits {
    checkArgument(maxBodyBytes > 0, "the body limit must be > 0 bytes: %s", maxBodyBytes);
    checkArgument(maxSeconds > 0, "the duration limit must be > 0 s: %s", maxSeconds);
  }
}
