package dev.sure4j.adapters;

import java.util.Locale;

/**
 * How a serial adapter (bottleneck, ConvAdapter) starts: as the reference code starts it, or as the
 * identity.
 *
 * <p>A serial adapter adds {@code f(x)} to its site's output. With {@link #SEED} every projection
 * takes PyTorch's default {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, as the SURE code does, so the
 * adapted model differs from the base model before the first step. With {@link #IDENTITY} the
 * adapter's last projection starts at zero, {@code f(x) = 0}, so the adapted model equals the base
 * model at step 0, as LoRA ({@code B = 0}) and Houlsby adapters do; the gradient of the last
 * projection is not zero, so training moves it first.
 */
public enum AdapterInit {
  /** Every projection random (the SURE reference behaviour and the default). */
  SEED,
  /** The last projection zero: the adapter is the identity until it trains. */
  IDENTITY;

  /**
   * Returns the name used in {@code adapter_config.json} and on the command line.
   *
   * @return {@code seed} or {@code identity}
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a name written by {@link #jsonName()}, case-insensitively.
   *
   * @param name {@code seed} or {@code identity}
   * @return the value
   * @throws IllegalArgumentException naming the value and the known ones
   */
  public static AdapterInit parse(String name) {
    for (AdapterInit v : values()) {
      if (v.jsonName().equalsIgnoreCase(name.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown adapter init '" + name + "'; known: seed, identity");
  }
}
