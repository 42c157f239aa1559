package dev.sure4j.adapters.io;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How much untrusted input may cost: bounds that the readers compare header fields and declared
 * sizes with before they allocate or compute anything. Immutable and thread-safe.
 *
 * <table>
 *   <caption>The limits and their defaults (docs/security.md says where each is checked)</caption>
 *   <tr><th>Limit</th><th>Default</th></tr>
 *   <tr><td>{@link #maxSeconds()}</td><td>3600 s of audio</td></tr>
 *   <tr><td>{@link #minSampleRate()} .. {@link #maxSampleRate()}</td><td>1000 .. 384000 Hz</td></tr>
 *   <tr><td>{@link #maxBodyBytes()}</td><td>2<sup>30</sup> bytes (1 GiB)</td></tr>
 *   <tr><td>{@link #maxDecodedSamples()}</td><td>2<sup>28</sup> samples (1 GiB as float32)</td></tr>
 *   <tr><td>{@link #maxTensorBytes()}</td><td>2<sup>31</sup> bytes, never more than the file</td></tr>
 *   <tr><td>{@link #maxAdapterSize()}</td><td>8192, for any integer of an adapter spec</td></tr>
 *   <tr><td>{@link #maxLabels()}</td><td>100000 labels per set or vocabulary</td></tr>
 * </table>
 *
 * <p>Built DJL-style: {@code InputLimits.builder().optMaxSeconds(30).build()}; every value must be
 * positive and the sample-rate range non-empty.
 */
public final class InputLimits {

  private static final InputLimits DEFAULTS = builder().build();

  private final double maxSeconds;
  private final int minSampleRate;
  private final int maxSampleRate;
  private final long maxBodyBytes;
  private final long maxDecodedSamples;
  private final long maxTensorBytes;
  private final int maxAdapterSize;
  private final int maxLabels;

  private InputLimits(Builder b) {
    this.maxSeconds = b.maxSeconds;
    this.minSampleRate = b.minSampleRate;
    this.maxSampleRate = b.maxSampleRate;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxDecodedSamples = b.maxDecodedSamples;
    this.maxTensorBytes = b.maxTensorBytes;
    this.maxAdapterSize = b.maxAdapterSize;
    this.maxLabels = b.maxLabels;
  }

  /**
   * Returns the default limits (see the table above).
   *
   * @return the defaults
   */
  public static InputLimits defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these limits, to change some of them.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder()
        .optMaxSeconds(maxSeconds)
        .optSampleRateRange(minSampleRate, maxSampleRate)
        .optMaxBodyBytes(maxBodyBytes)
        .optMaxDecodedSamples(maxDecodedSamples)
        .optMaxTensorBytes(maxTensorBytes)
        .optMaxAdapterSize(maxAdapterSize)
        .optMaxLabels(maxLabels);
  }

  /**
   * Returns the longest audio accepted, decoded, at its own rate.
   *
   * @return seconds, &gt; 0
   */
  public double maxSeconds() {
    return maxSeconds;
  }

  /**
   * Returns the lowest sample rate accepted.
   *
   * @return Hz, &gt; 0
   */
  public int minSampleRate() {
    return minSampleRate;
  }

  /**
   * Returns the highest sample rate accepted.
   *
   * @return Hz, &gt;= {@link #minSampleRate()}
   */
  public int maxSampleRate() {
    return maxSampleRate;
  }

  /**
   * Returns the largest encoded input (an audio file or request body) read into memory.
   *
   * @return bytes, &gt; 0
   */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Returns the most samples one decoded clip may hold, all channels together.
   *
   * @return samples (4 bytes each as float32), &gt; 0
   */
  public long maxDecodedSamples() {
    return maxDecodedSamples;
  }

  /**
   * Returns the largest tensor a weight file may make the reader allocate (a tensor larger than its
   * file is refused too), and the most bytes one adapter's parameters may take as float32.
   *
   * @return bytes, &gt; 0
   */
  public long maxTensorBytes() {
    return maxTensorBytes;
  }

  /**
   * Returns the largest integer field an adapter file may declare: LoRA rank ({@code r}),
   * bottleneck width, prefix length and projection width, ConvAdapter kernels, and so on.
   *
   * @return a count of features or positions, &gt; 0
   */
  public int maxAdapterSize() {
    return maxAdapterSize;
  }

  /**
   * Returns the most labels one label set (or CTC vocabulary) of a task file may hold.
   *
   * @return labels, &gt; 0
   */
  public int maxLabels() {
    return maxLabels;
  }

  /**
   * Tells whether a sample rate is within {@link #minSampleRate()} .. {@link #maxSampleRate()}.
   *
   * @param rate a sample rate in Hz
   * @return whether it is accepted
   */
  public boolean acceptsSampleRate(long rate) {
    return rate >= minSampleRate && rate <= maxSampleRate;
  }

  /**
   * Returns the most frames a clip of this many channels at this rate may have: the lower of the
   * duration and the sample-count limits.
   *
   * @param channels channels, &gt; 0
   * @param rate sample rate in Hz, &gt; 0
   * @return frames, &gt;= 0
   */
  public long maxFrames(int channels, long rate) {
    checkArgument(
        channels > 0 && rate > 0, "channels and rate must be > 0: %s, %s", channels, rate);
    long byDuration = (long) Math.min(Long.MAX_VALUE, Math.floor(maxSeconds * rate));
    return Math.min(byDuration, maxDecodedSamples / channels);
  }

  /** Builds {@link InputLimits}; starts from the defaults. */
  public static final class Builder {
    private double maxSeconds = 3600;
    private int minSampleRate = 1_000;
    private int maxSampleRate = 384_000;
    private long maxBodyBytes = 1L << 30;
    private long maxDecodedSamples = 1L << 28;
    private long maxTensorBytes = 1L << 31;
    private int maxAdapterSize = 8192;
    private int maxLabels = 100_000;

    private Builder() {}

    /**
     * Sets the longest audio accepted.
     *
     * @param seconds seconds, finite and &gt; 0 (default 3600)
     * @return this builder
     */
    public Builder optMaxSeconds(double seconds) {
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
    public Builder optSampleRateRange(int minHz, int maxHz) {
      checkArgument(minHz > 0, "the lowest sample rate must be > 0 Hz: %s", minHz);
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
    public Builder optMaxBodyBytes(long bytes) {
      checkArgument(bytes > 0, "the body limit must be > 0 bytes: %s", bytes);
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Sets the most samples of one decoded clip, all channels together.
     *
     * @param samples samples, &gt; 0 (default 2<sup>28</sup>)
     * @return this builder
     */
    public Builder optMaxDecodedSamples(long samples) {
      checkArgument(samples > 0, "the decoded-sample limit must be > 0: %s", samples);
      this.maxDecodedSamples = samples;
      return this;
    }

    /**
     * Sets the largest tensor a weight file may make the reader allocate.
     *
     * @param bytes bytes, &gt; 0 (default 2<sup>31</sup>, 2 GiB)
     * @return this builder
     */
    public Builder optMaxTensorBytes(long bytes) {
      checkArgument(bytes > 0, "the tensor limit must be > 0 bytes: %s", bytes);
      this.maxTensorBytes = bytes;
      return this;
    }

    /**
     * Sets the largest size field of an adapter file (rank, bottleneck width, prefix length).
     *
     * @param size features or positions, &gt; 0 (default 8192)
     * @return this builder
     */
    public Builder optMaxAdapterSize(int size) {
      checkArgument(size > 0, "the adapter size limit must be > 0: %s", size);
      this.maxAdapterSize = size;
      return this;
    }

    /**
     * Sets the most labels of one label set or vocabulary of a task file.
     *
     * @param labels labels, &gt; 0 (default 100000)
     * @return this builder
     */
    public Builder optMaxLabels(int labels) {
      checkArgument(labels > 0, "the label limit must be > 0: %s", labels);
      this.maxLabels = labels;
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return the limits
     */
    public InputLimits build() {
      return new InputLimits(this);
    }
  }
}
