package dev.sure4j.adapters.io;

import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Function;

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

  /** One limit: its name, how to set it from text, and how to read it. */
  private record Limit(
      String name,
      BiConsumer<InputLimitsBuilder, String> setter,
      Function<InputLimits, Number> getter) {}

  /** Every limit, once, in the order of the table in {@link InputLimits}. */
  private static final List<Limit> LIMITS =
      List.of(
          new Limit(
              "maxSeconds",
              (b, v) -> b.optMaxSeconds(Double.parseDouble(v)),
              InputLimits::maxSeconds),
          new Limit(
              "minSampleRate", (b, v) -> b.minSampleRate = positive(v), InputLimits::minSampleRate),
          new Limit(
              "maxSampleRate", (b, v) -> b.maxSampleRate = positive(v), InputLimits::maxSampleRate),
          new Limit(
              "maxBodyBytes",
              (b, v) -> b.optMaxBodyBytes(Long.parseLong(v)),
              InputLimits::maxBodyBytes),
          new Limit(
              "maxDecodedSamples",
              (b, v) -> b.optMaxDecodedSamples(Long.parseLong(v)),
              InputLimits::maxDecodedSamples),
          new Limit(
              "maxTensorBytes",
              (b, v) -> b.optMaxTensorBytes(Long.parseLong(v)),
              InputLimits::maxTensorBytes),
          new Limit(
              "maxAdapterSize",
              (b, v) -> b.optMaxAdapterSize(Integer.parseInt(v)),
              InputLimits::maxAdapterSize),
          new Limit(
              "maxLabels", (b, v) -> b.optMaxLabels(Integer.parseInt(v)), InputLimits::maxLabels),
          new Limit(
              "maxPickleBytes",
              (b, v) -> b.optMaxPickleBytes(Long.parseLong(v)),
              InputLimits::maxPickleBytes),
          new Limit(
              "maxPickleObjects",
              (b, v) -> b.optMaxPickleObjects(Integer.parseInt(v)),
              InputLimits::maxPickleObjects),
          new Limit(
              "maxPickleDepth",
              (b, v) -> b.optMaxPickleDepth(Integer.parseInt(v)),
              InputLimits::maxPickleDepth),
          new Limit(
              "maxHeaderBytes",
              (b, v) -> b.optMaxHeaderBytes(Long.parseLong(v)),
              InputLimits::maxHeaderBytes),
          new Limit(
              "maxJsonBytes",
              (b, v) -> b.optMaxJsonBytes(Long.parseLong(v)),
              InputLimits::maxJsonBytes),
          new Limit(
              "maxJsonDepth",
              (b, v) -> b.optMaxJsonDepth(Integer.parseInt(v)),
              InputLimits::maxJsonDepth));

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
    for (Limit limit : LIMITS) {
      set(builder, properties, limit.name());
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

  /**
   * Returns the names of the limits, in the order of the table in {@link InputLimits}.
   *
   * @return the names, such as {@code maxPickleDepth}
   */
  static List<String> names() {
    return LIMITS.stream().map(Limit::name).toList();
  }

  /**
   * Sets one limit on a builder from text; a sample rate is checked against the other end of the
   * range only when the limits are built.
   *
   * @param builder the builder to change
   * @param name a limit's name, one of {@link #names()}
   * @param value its value as text, such as {@code 256}
   * @throws IllegalArgumentException for an unknown name, text that is not a number (a {@link
   *     NumberFormatException}) or a value the limit refuses
   */
  static void set(InputLimitsBuilder builder, String name, String value) {
    find(name).setter().accept(builder, value);
  }

  /**
   * Returns the value of one limit.
   *
   * @param limits the limits to read
   * @param name a limit's name, one of {@link #names()}
   * @return its value, in the unit of its getter
   * @throws IllegalArgumentException for an unknown name
   */
  static Number get(InputLimits limits, String name) {
    return find(name).getter().apply(limits);
  }

  private static Limit find(String name) {
    return LIMITS.stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no limit named " + JsonInput.oneLine(name)));
  }

  private static int positive(String value) {
    int hz = Integer.parseInt(value);
    if (hz <= 0) {
      throw new IllegalArgumentException("a sample rate must be > 0 Hz: " + hz);
    }
    return hz;
  }

  private static void set(InputLimitsBuilder builder, Properties properties, String name) {
    String value = properties.getProperty(PREFIX + name);
    if (value == null) {
      return;
    }
    try {
      set(builder, name, value.trim());
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
