package dev.sure4j.speech.audio;

import com.google.common.base.Preconditions;
import com.google.common.base.Throwables;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Turns audio files into the model's input waveform, as a Hugging Face {@code
 * Wav2Vec2FeatureExtractor} would: decode ({@link AudioLoader}), downmix to mono (mean of the
 * channels), resample to the config's {@code sampling_rate} ({@link Resampler}), check the length,
 * and normalise when {@code do_normalize} is set.
 *
 * <p>Normalisation is per utterance: {@code (x - mean(x)) / sqrt(var(x) + 1e-7)} with the
 * population variance, the formula of {@code Wav2Vec2FeatureExtractor.zero_mean_unit_var_norm}.
 * Silence (all samples equal, e.g. all zero) therefore becomes all zeros, never NaN: the 1e-7 keeps
 * the divisor positive; digital silence is accepted and not reported. Non-finite samples are
 * rejected when decoding. A clip shorter than {@code minSamples} after resampling (the encoder's
 * receptive field: 400 samples = 25 ms at 16 kHz for the standard wav2vec2/HuBERT convolution
 * stack, which would otherwise yield zero frames) is an {@link AudioException} naming the file and
 * the lengths.
 *
 * <p>Every file is read within the pipeline's {@link InputLimits} ({@link Builder#optLimits}): a
 * clip's sample rate and length are checked before it is downmixed or resampled. Resamplers are
 * kept for the {@link #RESAMPLER_CACHE_SIZE} most recently used input rates.
 *
 * <p>Instances are immutable (but for the resampler cache) and thread-safe.
 */
public final class AudioPipeline {
  /**
   * The receptive field of the standard wav2vec2/HuBERT convolution stack, in samples at 16 kHz.
   */
  public static final int DEFAULT_MIN_SAMPLES = 400;

  /** The epsilon added to the variance by {@code Wav2Vec2FeatureExtractor}. */
  public static final double NORMALIZE_EPSILON = 1e-7;

  /** How many input rates keep their resampler (least recently used first out). */
  public static final int RESAMPLER_CACHE_SIZE = 8;

  private final PreprocessorConfig config;
  private final int minSamples;
  private final AudioLoader loader;
  private final Cache<Integer, Resampler> resamplers =
      CacheBuilder.newBuilder().concurrencyLevel(1).maximumSize(RESAMPLER_CACHE_SIZE).build();

  private AudioPipeline(Builder builder) {
    this.config = builder.config;
    this.minSamples = builder.minSamples;
    AudioLoader base = builder.loader != null ? builder.loader : AudioLoader.standard();
    this.loader = base.withLimits(builder.limits);
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with the default config, 400 minimum samples and the standard loader
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the feature-extractor settings in use.
   *
   * @return the config
   */
  public PreprocessorConfig config() {
    return config;
  }

  /**
   * Returns the minimum accepted length.
   *
   * @return samples at the config's rate
   */
  public int minSamples() {
    return minSamples;
  }

  /**
   * Returns the limits files and clips are read within.
   *
   * @return the limits
   */
  public InputLimits limits() {
    return loader.limits();
  }

  /**
   * Loads one file as model input.
   *
   * @param file an audio file of any supported format, rate and channel count
   * @return samples [samples] at the config's rate, mono, normalised if {@code do_normalize}
   * @throws AudioException if the file is corrupt, unsupported or too short (the message names the
   *     file)
   * @throws IOException if the file cannot be read
   */
  public float[] load(Path file) throws IOException {
    return process(loader.load(file), file.toString());
  }

  /**
   * Loads an encoded file held in memory ({@link AudioLoader#load(byte[], String, String)}) and
   * processes it as {@link #load(Path)} does.
   *
   * @param bytes the encoded file
   * @param source what the bytes are, for messages, such as {@code "request body"}
   * @param extension the format's usual extension without the dot, or {@code bin} when unknown
   * @return the model's input waveform, float32 at the config's rate
   * @throws AudioException if the bytes cannot be decoded or are over a limit (naming the source)
   * @throws IOException if a decoder's temporary file cannot be written
   */
  public float[] load(byte[] bytes, String source, String extension) throws IOException {
    return process(loader.load(bytes, source, extension), source);
  }

  /**
   * Loads several files and pads them into one batch with the config's {@code padding_value}.
   *
   * @param files audio files
   * @return the batch, [batch, maxSamples], with the lengths of the waveforms
   * @throws IOException if any file fails (the message names it)
   */
  public PaddedBatch loadBatch(List<Path> files) throws IOException {
    List<float[]> waveforms = new ArrayList<>();
    for (Path f : files) {
      waveforms.add(load(f));
    }
    return PaddedBatch.pad(waveforms, config.paddingValue());
  }

  /**
   * Prepares a decoded clip as model input.
   *
   * @param clip the clip, samples [channels][frames] at any rate
   * @param source a name for error messages (the file)
   * @return samples [samples] at the config's rate, mono, normalised if {@code do_normalize}
   * @throws AudioException if the clip's rate or length is over the {@link #limits()}, or the
   *     resampled clip is shorter than {@link #minSamples()}
   */
  public float[] process(AudioClip clip, String source) throws AudioException {
    InputLimits limits = limits();
    AudioBounds.checkRate(limits, clip.sampleRate(), source);
    AudioBounds.checkLength(limits, clip.frames(), clip.channelCount(), clip.sampleRate(), source);
    AudioClip mono = clip.toMono();
    int rate = config.samplingRate();
    float[] x =
        mono.sampleRate() == rate
            ? mono.channel(0)
            : resampler(mono.sampleRate()).resample(mono.channel(0));
    if (x.length < minSamples) {
      throw new AudioException(
          String.format(
              "%s: %d samples at %d Hz (%.4f s) is shorter than the encoder's receptive field of %d samples",
              source, x.length, rate, x.length / (double) rate, minSamples));
    }
    return config.doNormalize() ? normalize(x) : x;
  }

  private Resampler resampler(int from) {
    try {
      return resamplers.get(from, () -> Resampler.of(from, config.samplingRate()));
    } catch (ExecutionException | UncheckedExecutionException e) {
      Throwables.throwIfUnchecked(e.getCause());
      throw new IllegalStateException("cannot build a resampler from " + from + " Hz", e);
    }
  }

  /**
   * Returns how many resamplers are kept, for tests.
   *
   * @return at most {@link #RESAMPLER_CACHE_SIZE}
   */
  long resamplerCount() {
    return resamplers.size();
  }

  /**
   * Zero-mean unit-variance normalisation of one utterance: {@code (x - mean) / sqrt(var + 1e-7)}
   * (population variance, computed in double precision). Constant input gives all zeros.
   *
   * @param x samples [samples], finite
   * @return a new array [samples]
   */
  public static float[] normalize(float[] x) {
    Preconditions.checkArgument(x.length > 0, "cannot normalise an empty waveform");
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (float v : x) {
      var += (v - mean) * (v - mean);
    }
    var /= x.length;
    double inv = 1.0 / Math.sqrt(var + NORMALIZE_EPSILON);
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) ((x[i] - mean) * inv);
    }
    return out;
  }

  /** Builds an {@link AudioPipeline}. */
  public static final class Builder {
    private PreprocessorConfig config = PreprocessorConfig.defaults();
    private int minSamples = DEFAULT_MIN_SAMPLES;
    private AudioLoader loader;
    private InputLimits limits = InputLimits.defaults();

    private Builder() {}

    /**
     * Sets the limits every file and clip is read within; they replace the loader's.
     *
     * @param limits the limits (default {@link InputLimits#defaults()})
     * @return this builder
     */
    public Builder optLimits(InputLimits limits) {
      this.limits = Preconditions.checkNotNull(limits, "limits");
      return this;
    }

    /**
     * Sets the feature-extractor settings.
     *
     * @param config the config (default {@link PreprocessorConfig#defaults()})
     * @return this builder
     */
    public Builder optConfig(PreprocessorConfig config) {
      this.config = Preconditions.checkNotNull(config, "config");
      return this;
    }

    /**
     * Reads the settings of a checkpoint directory's {@code preprocessor_config.json} (defaults if
     * absent).
     *
     * @param checkpointDir the checkpoint directory
     * @return this builder
     * @throws IOException if the file exists but is invalid
     */
    public Builder optCheckpoint(Path checkpointDir) throws IOException {
      return optConfig(PreprocessorConfig.forCheckpoint(checkpointDir));
    }

    /**
     * Sets the minimum length: the encoder's receptive field.
     *
     * @param minSamples samples at the config's rate, &gt;= 1 (default 400)
     * @return this builder
     */
    public Builder optMinSamples(int minSamples) {
      Preconditions.checkArgument(minSamples >= 1, "minSamples must be >= 1: %s", minSamples);
      this.minSamples = minSamples;
      return this;
    }

    /**
     * Sets the file loader.
     *
     * @param loader the loader (default {@link AudioLoader#standard()})
     * @return this builder
     */
    public Builder optLoader(AudioLoader loader) {
      this.loader = Preconditions.checkNotNull(loader, "loader");
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     */
    public AudioPipeline build() {
      return new AudioPipeline(this);
    }
  }
}
