package dev.sure4j.adapters.io;

import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Reads {@link InputLimits} from system properties named {@code sure4j.limits.<name>}, one for each
 * limit ({@code maxSeconds}, {@code minSampleRate}, {@code maxSampleRate}, {@code maxBodyBytes},
 * {@code maxDecodedSamples}, {@code maxTensorBytes}, {@code maxAdapterSize}, {@code maxLabels},
 * {@code maxPickleBytes}, {@code maxPickleObjects}, {@code maxPickleDepth}, {@code maxHeaderBytes},
 * {@code maxJsonBytes}, {@code maxJsonDepth}), so that loaders called without limits (the defaults)
 * can be tightened or loosened without code: {@code java -Dsure4j.limits.maxPickleObjects=100000}.
 */
final class LimitProperties {

  /** The prefix of every property. */
  static final String PREFIX = "sure4j.limits.";

  private static final Map<String, BiConsumer<InputLimitsBuilder, String>> SETTERS =
      Map.ofEntries(
          Map.entry("maxSeconds", (b, v) -> b.optMaxSeconds(Double.parseDouble(v))),
          Map.entry("minSampleRate", (b, v) -> b.minSampleRate = Integer.parseInt(v)),
          Map.entry("maxSampleRate", (b, v) -> b.maxSampleRate = Integer.parseInt(v)),
          Map.entry("maxBodyBytes", (b, v) -> b.optMaxBodyBytes(Long.parseLong(v))),
          Map.entry("maxDecodedSamples", (b, v) -> b.optMaxDecodedSamples(Long.parseLong(v))),
          Map.entry("maxTensorBytes", (b, v) -> b.optMaxTensorBytes(Long.parseLong(v))),
          Map.entry("maxAdapterSize", (b, v) -> b.optMaxAdapterSize(Integer.parseInt(v))),
          Map.entry("maxLabels", (b, v) -> b.optMaxLabels(Integer.parseInt(v))),
          Map.entry("maxPickleBytes", (b, v) -> b.optMaxPickleBytes(Long.parseLong(v))),
          Map.entry("maxPickleObjects", (b, v) -> b.optMaxPickleObjects(Integer.parseInt(v))),
          Map.entry("maxPickleDepth", (b, v) -> b.optMaxPickleDepth(Integer.parseInt(v))),
          Map.entry("maxHeaderBytes", (b, v) -> b.optMaxHeaderBytes(Long.parseLong(v))),
          Map.entry("maxJsonBytes", (b, v) -> b.optMaxJsonBytes(Long.parseLong(v))),
          Map.entry("maxJsonDepth", (b, v) -> b.optMaxJsonDepth(Integer.parseInt(v))));

  private LimitProperties() {}

  /**
   * Sets on a builder every limit whose property is set; the sample-rate range is checked once both
   * of its ends are read.
   *
   * @param builder the builder to change
   * @param properties where to look, such as {@link System#getProperties()}
   * @return the builder
   * @throws IllegalArgumentException when a property is not a number or not a valid value for its
   *     limit, in one line naming the property
   */
  static InputLimitsBuilder apply(InputLimitsBuilder builder, Properties properties) {
    int min = builder.minSampleRate;
    int max = builder.maxSampleRate;
    for (String name : SETTERS.keySet()) {
      set(builder, properties, name);
    }
    int newMin = builder.minSampleRate;
    int newMax = builder.maxSampleRate;
    builder.minSampleRate = min;
    builder.maxSampleRate = max;
    try {
      builder.optSampleRateRange(newMin, newMax);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "system properties " + PREFIX + "minSampleRate/maxSampleRate: " + e.getMessage(), e);
    }
    return builder;
  }

  private static void set(InputLimitsBuilder builder, Properties properties, String name) {
    String value = properties.getProperty(PREFIX + name);
    if (value == null) {
      return;
    }
    try {
      SETTERS.get(name).accept(builder, value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "system property "
              + PREFIX
              + name
              + " = '"
              + JsonInput.oneLine(value)
              + "': "
              + (e instanceof NumberFormatException ? "not a number" : e.getMessage()),
          e);
    }
  }
}
