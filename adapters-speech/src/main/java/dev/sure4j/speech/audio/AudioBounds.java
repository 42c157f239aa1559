package dev.sure4j.speech.audio;

import dev.sure4j.adapters.io.InputLimits;
import java.util.Locale;

/**
 * The checks of {@link InputLimits} on audio, each one {@link AudioException} of one line that
 * names the source and the value: the WAV reader, the decoders and {@link AudioPipeline} call them
 * with the sizes a header declares, before they allocate samples or build a resampler.
 */
public final class AudioBounds {

  private AudioBounds() {}

  /**
   * Refuses a sample rate outside the limits' range.
   *
   * @param limits the limits
   * @param rate the declared sample rate, Hz
   * @param source the file or stream, for the message
   * @throws AudioException if the rate is outside {@link InputLimits#minSampleRate()} .. {@link
   *     InputLimits#maxSampleRate()}
   */
  public static void checkRate(InputLimits limits, long rate, String source) throws AudioException {
    if (!limits.acceptsSampleRate(rate)) {
      throw new AudioException(
          String.format(
              Locale.ROOT,
              "%s: sample rate of %d Hz is outside the accepted range %d..%d Hz",
              source,
              rate,
              limits.minSampleRate(),
              limits.maxSampleRate()));
    }
  }

  /**
   * Refuses a clip longer than the limits allow: over {@link InputLimits#maxSeconds()}, or over
   * {@link InputLimits#maxDecodedSamples()} for all channels together.
   *
   * @param limits the limits
   * @param frames the declared or decoded frames (samples per channel)
   * @param channels channels, &gt; 0
   * @param rate sample rate in Hz, &gt; 0
   * @param source the file or stream, for the message
   * @throws AudioLimitException if the clip is over a limit
   */
  public static void checkLength(
      InputLimits limits, long frames, int channels, long rate, String source)
      throws AudioException {
    if (frames > limits.maxFrames(channels, rate)) {
      throw overLimit(limits, frames, channels, rate, source);
    }
  }

  /**
   * Makes the error for a decoder that stopped at the limit, not knowing the whole length.
   *
   * @param limits the limits
   * @param channels channels, &gt; 0
   * @param rate sample rate in Hz, &gt; 0
   * @param source the file or stream, for the message
   * @return the exception to throw, an {@link AudioLimitException}
   */
  public static AudioLimitException stoppedAtLimit(
      InputLimits limits, int channels, long rate, String source) {
    boolean byDuration = limits.maxFrames(channels, rate) < limits.maxDecodedSamples() / channels;
    String limit =
        byDuration
            ? limits.maxSeconds() + " s"
            : limits.maxDecodedSamples() + " decoded samples (" + channels + " channel(s))";
    return new AudioLimitException(
        String.format(
            Locale.ROOT,
            "%s: decodes to more than the limit of %s at %d Hz; decoding stopped there",
            source,
            limit,
            rate));
  }

  /**
   * Refuses an encoded input larger than {@link InputLimits#maxBodyBytes()}, before it is read.
   *
   * @param limits the limits
   * @param bytes the input's size in bytes
   * @param source the file or stream, for the message
   * @throws AudioLimitException if the input is too large
   */
  public static void checkBytes(InputLimits limits, long bytes, String source)
      throws AudioException {
    if (bytes > limits.maxBodyBytes()) {
      throw new AudioLimitException(
          String.format(
              Locale.ROOT,
              "%s: %d bytes is more than the limit of %d bytes",
              source,
              bytes,
              limits.maxBodyBytes()));
    }
  }

  private static AudioException overLimit(
      InputLimits limits, long frames, int channels, long rate, String source) {
    double seconds = frames / (double) rate;
    if (seconds > limits.maxSeconds()) {
      return new AudioLimitException(
          String.format(
              Locale.ROOT,
              "%s: %.2f s of audio (%d frames at %d Hz) is longer than the limit of %s s",
              source,
              seconds,
              frames,
              rate,
              limits.maxSeconds()));
    }
    return new AudioLimitException(
        String.format(
            Locale.ROOT,
            "%s: %d samples (%d channel(s) x %d frames) are more than the limit of %d decoded"
                + " samples",
            source,
            frames * channels,
            channels,
            frames,
            limits.maxDecodedSamples()));
  }
}
