package dev.sure4j.speech.audio;

import com.google.common.base.Preconditions;

/**
 * An immutable decoded audio clip: one float array per channel, all of the same length, at a sample
 * rate in Hz.
 *
 * <p>PCM samples are scaled to [-1, 1) (8-bit: {@code (u - 128) / 128}, N-bit signed: {@code s /
 * 2^(N-1)}, the convention of torchaudio and soundfile); IEEE float samples are kept as stored, so
 * they may exceed 1. Every sample is finite. Arrays are copied in and out.
 */
public final class AudioClip {
  private final float[][] channels;
  private final int sampleRate;

  private AudioClip(float[][] channels, int sampleRate) {
    this.channels = channels;
    this.sampleRate = sampleRate;
  }

  /**
   * Creates a clip from per-channel samples (copied).
   *
   * @param channels samples [channels][frames], at least one channel, all channels the same length,
   *     finite
   * @param sampleRate sample rate in Hz, &gt; 0
   * @return the clip
   * @throws IllegalArgumentException if channels are missing or ragged, the rate is not positive or
   *     a sample is NaN or infinite (the message names the channel and frame)
   */
  public static AudioClip of(float[][] channels, int sampleRate) {
    Preconditions.checkArgument(sampleRate > 0, "sample rate must be > 0 Hz: %s", sampleRate);
    Preconditions.checkArgument(channels.length > 0, "an audio clip needs at least one channel");
    float[][] copy = new float[channels.length][];
    for (int c = 0; c < channels.length; c++) {
      Preconditions.checkArgument(
          channels[c].length == channels[0].length,
          "channel %s has %s frames but channel 0 has %s",
          c,
          channels[c].length,
          channels[0].length);
      copy[c] = channels[c].clone();
      int bad = firstNonFinite(copy[c]);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            "sample "
                + bad
                + " of channel "
                + c
                + " is "
                + copy[c][bad]
                + " (samples must be finite)");
      }
    }
    return new AudioClip(copy, sampleRate);
  }

  /**
   * Creates a mono clip (the samples are copied).
   *
   * @param samples samples [frames], finite
   * @param sampleRate sample rate in Hz, &gt; 0
   * @return the clip
   */
  public static AudioClip mono(float[] samples, int sampleRate) {
    return of(new float[][] {samples}, sampleRate);
  }

  /**
   * Returns the index of the first NaN or infinite sample, or -1 if all are finite.
   *
   * @param samples the samples
   * @return the index, or -1
   */
  static int firstNonFinite(float[] samples) {
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the sample rate.
   *
   * @return samples per second per channel, in Hz
   */
  public int sampleRate() {
    return sampleRate;
  }

  /**
   * Returns the channel count.
   *
   * @return the number of channels, &gt;= 1
   */
  public int channelCount() {
    return channels.length;
  }

  /**
   * Returns the length in frames (samples per channel).
   *
   * @return frames
   */
  public int frames() {
    return channels[0].length;
  }

  /**
   * Returns the duration.
   *
   * @return frames / sample rate, in seconds
   */
  public double durationSeconds() {
    return frames() / (double) sampleRate;
  }

  /**
   * Returns a copy of one channel.
   *
   * @param channel channel index, 0-based
   * @return samples [frames]
   */
  public float[] channel(int channel) {
    Preconditions.checkElementIndex(channel, channels.length, "channel");
    return channels[channel].clone();
  }

  /**
   * Returns a copy of all samples.
   *
   * @return samples [channels][frames]
   */
  public float[][] samples() {
    float[][] copy = new float[channels.length][];
    for (int c = 0; c < channels.length; c++) {
      copy[c] = channels[c].clone();
    }
    return copy;
  }

  /**
   * Downmixes to one channel: the mean of the channels at every frame (a mono clip is returned as
   * is).
   *
   * @return a mono clip at the same rate, samples [frames]
   */
  public AudioClip toMono() {
    if (channels.length == 1) {
      return this;
    }
    float[] mono = new float[frames()];
    for (int i = 0; i < mono.length; i++) {
      double sum = 0;
      for (float[] channel : channels) {
        sum += channel[i];
      }
      mono[i] = (float) (sum / channels.length);
    }
    return new AudioClip(new float[][] {mono}, sampleRate);
  }

  @Override
  public String toString() {
    return String.format(
        "AudioClip[%d channel(s), %d frames, %d Hz, %.3f s]",
        channels.length, frames(), sampleRate, durationSeconds());
  }
}
