package dev.sure4j.adapters.io;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Builds {@link InputLimits}. {@link InputLimits#builder()} starts from the defaults (system
 * properties included); {@code new InputLimitsBuilder()} within this package starts from the
 * built-in values. Every setter checks its value and refuses, in one line, one that bounds nothing.
 */
public final class InputLimitsBuilder {
  double maxSeconds = 3600;
  int minSampleRate = 1_000;
  int maxSampleRate = 384_000;
  long maxBodyBytes = 1L << 30;
  long maxDecodedSamples = 1L << 28;
  long maxTensorBytes = 1L << 31;
  int maxAdapterSize = 8192;
  int maxLabels = 100_000;
  long maxPickleBytes = 1L << 26;
  int maxPickleObjects = 1 << 22;
  int maxPickleDepth = 256;
  long maxHeaderBytes = 100L << 20;
  long maxJsonBytes = 1L << 30;
  int maxJsonDepth = 64;

  InputLimitsBuilder() {}

  /**
   * Sets the longest audio accepted.
   *
   * @param seconds seconds, finite and &gt; 0 (default 3600)
   * @return this builder
   */
  public InputLimitsBuilder optMaxSeconds(double seconds) {
    checkArgument(
        Double.isFinite(seconds) && seconds > 0,
        "the duration limit must be finite and > 0 s: %s",
        seconds);
    this.maxSeconds = seconds;
    return this;
  }

  /**
   * Sets the accepted sample rates.
   *
   * @param minHz the lowest rate in Hz, &gt; 0 (default 1000)
   * @param maxHz the highest rate in Hz, &gt;= {@code minHz} (default 384000)
   * @return this builder
   */
  public InputLimitsBuilder optSampleRateRange(int minHz, int maxHz) {
    positive(minHz, "the lowest sample rate", " Hz");
    checkArgument(maxHz >= minHz, "the sample-rate range %s..%s Hz is empty", minHz, maxHz);
    this.minSampleRate = minHz;
    this.maxSampleRate = maxHz;
    return this;
  }

  /**
   * Sets the largest encoded input read into memory.
   *
   * @param bytes bytes, &gt; 0 (default 2<sup>30</sup>, 1 GiB)
   * @return this builder
   */
  public InputLimitsBuilder optMaxBodyBytes(long bytes) {
    positive(bytes, "the body limit", " bytes");
    this.maxBodyBytes = bytes;
    return this;
  }

  /**
   * Sets the most samples of one decoded clip, all channels together.
   *
   * @param samples samples, &gt; 0 (default 2<sup>28</sup>)
   * @return this builder
   */
  public InputLimitsBuilder optMaxDecodedSamples(long samples) {
    positive(samples, "the decoded-sample limit", "");
    this.maxDecodedSamples = samples;
    return this;
  }

  /**
   * Sets the largest tensor a weight file may make the reader allocate.
   *
   * @param bytes bytes, &gt; 0 (default 2<sup>31</sup>, 2 GiB)
   * @return this builder
   */
  public InputLimitsBuilder optMaxTensorBytes(long bytes) {
    positive(bytes, "the tensor limit", " bytes");
    this.maxTensorBytes = bytes;
    return this;
  }

  /**
   * Sets the largest size field of an adapter file (rank, bottleneck width, prefix length).
   *
   * @param size features or positions, &gt; 0 (default 8192)
   * @return this builder
   */
  public InputLimitsBuilder optMaxAdapterSize(int size) {
    positive(size, "the adapter size limit", "");
    this.maxAdapterSize = size;
    return this;
  }

  /**
   * Sets the most labels of one label set or vocabulary of a task file.
   *
   * @param labels labels, &gt; 0 (default 100000)
   * @return this builder
   */
  public InputLimitsBuilder optMaxLabels(int labels) {
    positive(labels, "the label limit", "");
    this.maxLabels = labels;
    return this;
  }

  /**
   * Sets the most bytes of pickles one checkpoint may hold.
   *
   * @param bytes bytes, &gt; 0 and below 2<sup>31</sup> (default 2<sup>26</sup>, 64 MiB)
   * @return this builder
   */
  public InputLimitsBuilder optMaxPickleBytes(long bytes) {
    belowTwoGiB(bytes, "the pickle limit");
    this.maxPickleBytes = bytes;
    return this;
  }

  /**
   * Sets the most objects one pickle may push.
   *
   * @param objects objects, &gt; 0 (default 2<sup>22</sup>)
   * @return this builder
   */
  public InputLimitsBuilder optMaxPickleObjects(int objects) {
    positive(objects, "the pickle object limit", "");
    this.maxPickleObjects = objects;
    return this;
  }

  /**
   * Sets the most MARKs a pickle may hold open at once.
   *
   * @param depth levels, &gt; 0 (default 256)
   * @return this builder
   */
  public InputLimitsBuilder optMaxPickleDepth(int depth) {
    positive(depth, "the pickle depth limit", "");
    this.maxPickleDepth = depth;
    return this;
  }

  /**
   * Sets the largest safetensors header read.
   *
   * @param bytes bytes, &gt; 0 and below 2<sup>31</sup> (default 100 MiB)
   * @return this builder
   */
  public InputLimitsBuilder optMaxHeaderBytes(long bytes) {
    belowTwoGiB(bytes, "the header limit");
    this.maxHeaderBytes = bytes;
    return this;
  }

  /**
   * Sets the largest JSON file read.
   *
   * @param bytes bytes, &gt; 0 and below 2<sup>31</sup> (default 2<sup>30</sup>)
   * @return this builder
   */
  public InputLimitsBuilder optMaxJsonBytes(long bytes) {
    belowTwoGiB(bytes, "the JSON limit");
    this.maxJsonBytes = bytes;
    return this;
  }

  /**
   * Sets the deepest nesting of a JSON file.
   *
   * @param depth levels, &gt; 0 (default 64)
   * @return this builder
   */
  public InputLimitsBuilder optMaxJsonDepth(int depth) {
    positive(depth, "the JSON depth limit", "");
    this.maxJsonDepth = depth;
    return this;
  }

  /**
   * Sets one limit by name from text, as the command line's limit flags do; the two ends of the
   * sample-rate range may be set in any order, and are compared by {@link #build()}.
   *
   * @param name one of {@link InputLimits#names()}, such as {@code maxPickleDepth}
   * @param value the value as text, in the limit's unit, such as {@code 256}
   * @return this builder
   * @throws IllegalArgumentException for an unknown name, text that is not a number (a {@link
   *     NumberFormatException}) or a value the limit refuses
   */
  public InputLimitsBuilder optLimit(String name, String value) {
    LimitProperties.set(this, name, value.trim());
    return this;
  }

  /**
   * Builds the limits.
   *
   * @return the limits
   * @throws IllegalArgumentException when the sample-rate range is empty
   */
  public InputLimits build() {
    checkArgument(
        maxSampleRate >= minSampleRate,
        "the sample-rate range %s..%s Hz is empty",
        minSampleRate,
        maxSampleRate);
    return new InputLimits(this);
  }

  /**
   * Refuses a limit that bounds nothing.
   *
   * @param value the limit
   * @param limit its name in the message, such as {@code the label limit}
   * @param unit its unit after the bound, with a leading space, or empty
   */
  private static void positive(long value, String limit, String unit) {
    checkArgument(value > 0, "%s must be > 0%s: %s", limit, unit, value);
  }

  /**
   * Refuses a byte limit that bounds nothing or that one Java array could not hold.
   *
   * @param bytes the limit in bytes
   * @param limit its name in the message, such as {@code the header limit}
   */
  private static void belowTwoGiB(long bytes, String limit) {
    checkArgument(
        bytes > 0 && bytes < Integer.MAX_VALUE,
        "%s must be > 0 and < 2^31 bytes: %s",
        limit,
        bytes);
  }
}
