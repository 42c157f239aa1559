package dev.sure4j.adapters.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;

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
 *   <tr><td>{@link #maxPickleBytes()}</td><td>2<sup>26</sup> bytes (64 MiB) of a checkpoint's
 *       pickles</td></tr>
 *   <tr><td>{@link #maxPickleObjects()}</td><td>2<sup>22</sup> objects pushed by one pickle</td></tr>
 *   <tr><td>{@link #maxPickleDepth()}</td><td>256 MARKs open at once</td></tr>
 *   <tr><td>{@link #maxHeaderBytes()}</td><td>100 MiB of a safetensors header</td></tr>
 *   <tr><td>{@link #maxJsonBytes()}</td><td>2<sup>30</sup> bytes of a JSON file</td></tr>
 *   <tr><td>{@link #maxJsonDepth()}</td><td>64 nested arrays or objects</td></tr>
 * </table>
 *
 * <p>Built DJL-style ({@link InputLimitsBuilder}): {@code
 * InputLimits.builder().optMaxSeconds(30).build()}; every value must be positive and the
 * sample-rate range non-empty. A refusal names the limit, such as {@code (limit maxPickleObjects)}.
 */
public final class InputLimits {

  private static InputLimits defaults;

  private final double maxSeconds;
  private final int minSampleRate;
  private final int maxSampleRate;
  private final long maxBodyBytes;
  private final long maxDecodedSamples;
  private final long maxTensorBytes;
  private final int maxAdapterSize;
  private final int maxLabels;
  private final long maxPickleBytes;
  private final int maxPickleObjects;
  private final int maxPickleDepth;
  private final long maxHeaderBytes;
  private final long maxJsonBytes;
  private final int maxJsonDepth;

  InputLimits(InputLimitsBuilder b) {
    this.maxSeconds = b.maxSeconds;
    this.minSampleRate = b.minSampleRate;
    this.maxSampleRate = b.maxSampleRate;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxDecodedSamples = b.maxDecodedSamples;
    this.maxTensorBytes = b.maxTensorBytes;
    this.maxAdapterSize = b.maxAdapterSize;
    this.maxLabels = b.maxLabels;
    this.maxPickleBytes = b.maxPickleBytes;
    this.maxPickleObjects = b.maxPickleObjects;
    this.maxPickleDepth = b.maxPickleDepth;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.maxJsonBytes = b.maxJsonBytes;
    this.maxJsonDepth = b.maxJsonDepth;
  }

  /**
   * Returns the default limits: the values of the table above, each replaced by the system property
   * {@code sure4j.limits.<name>} when it is set (such as {@code -Dsure4j.limits.maxPickleObjects=
   * 100000}; see {@link LimitProperties}). The properties are read on the first call.
   *
   * @return the defaults
   * @throws IllegalArgumentException when such a property is not a valid value, naming it
   */
  public static synchronized InputLimits defaults() {
    if (defaults == null) {
      defaults = LimitProperties.apply(new InputLimitsBuilder(), System.getProperties()).build();
    }
    return defaults;
  }

  /**
   * Replaces the defaults of this process (as the command line's limit flags do).
   *
   * @param limits the new defaults
   */
  public static synchronized void setDefaults(InputLimits limits) {
    defaults = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Returns the names of the limits, in the order of the table above (as getters and properties).
   *
   * @return the names, such as {@code maxPickleDepth}
   */
  public static List<String> names() {
    return LimitProperties.names();
  }

  /**
   * Returns one limit by name.
   *
   * @param name one of {@link #names()}
   * @return its value, in the unit of its getter
   * @throws IllegalArgumentException for an unknown name
   */
  public Number value(String name) {
    return LimitProperties.get(this, name);
  }

  /**
   * Returns a builder holding the {@link #defaults()}.
   *
   * @return a new builder
   */
  public static InputLimitsBuilder builder() {
    return defaults().toBuilder();
  }

  /**
   * Returns a builder holding these limits, to change some of them.
   *
   * @return a new builder
   */
  public InputLimitsBuilder toBuilder() {
    return new InputLimitsBuilder()
        .optMaxSeconds(maxSeconds)
        .optSampleRateRange(minSampleRate, maxSampleRate)
        .optMaxBodyBytes(maxBodyBytes)
        .optMaxDecodedSamples(maxDecodedSamples)
        .optMaxTensorBytes(maxTensorBytes)
        .optMaxAdapterSize(maxAdapterSize)
        .optMaxLabels(maxLabels)
        .optMaxPickleBytes(maxPickleBytes)
        .optMaxPickleObjects(maxPickleObjects)
        .optMaxPickleDepth(maxPickleDepth)
        .optMaxHeaderBytes(maxHeaderBytes)
        .optMaxJsonBytes(maxJsonBytes)
        .optMaxJsonDepth(maxJsonDepth);
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
   * Returns the most bytes of pickles one checkpoint may hold (a large model's is about 1 MB).
   *
   * @return bytes, &gt; 0 and &lt; 2<sup>31</sup>
   */
  public long maxPickleBytes() {
    return maxPickleBytes;
  }

  /**
   * Returns the most objects one pickle may push (a large model's state dict pushes a few hundred
   * thousand).
   *
   * @return objects, &gt; 0
   */
  public int maxPickleObjects() {
    return maxPickleObjects;
  }

  /**
   * Returns the most MARKs a pickle may hold open at once: how deep its containers may nest.
   *
   * @return levels, &gt; 0
   */
  public int maxPickleDepth() {
    return maxPickleDepth;
  }

  /**
   * Returns the largest safetensors header (its JSON) read into memory.
   *
   * @return bytes, &gt; 0 and &lt; 2<sup>31</sup>
   */
  public long maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /**
   * Returns the largest JSON file read (a config, a task file, a tokenizer's vocabulary).
   *
   * @return bytes, &gt; 0 and &lt; 2<sup>31</sup>
   */
  public long maxJsonBytes() {
    return maxJsonBytes;
  }

  /**
   * Returns the deepest nesting of arrays and objects accepted in a JSON file (a config needs 3 or
   * 4).
   *
   * @return levels, &gt; 0
   */
  public int maxJsonDepth() {
    return maxJsonDepth;
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
}
