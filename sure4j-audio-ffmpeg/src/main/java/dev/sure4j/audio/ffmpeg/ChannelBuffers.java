package dev.sure4j.audio.ffmpeg;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Collects decoded FFmpeg sample buffers into one growing float array per channel.
 *
 * <p>A frame holds either one buffer per channel (planar sample formats, {@code AV_SAMPLE_FMT_*P})
 * or one buffer with the channels interleaved (packed formats). Integer samples are scaled like
 * torchaudio and soundfile: unsigned 8-bit {@code (u - 128) / 128}, signed 16-bit {@code s /
 * 32768}, signed 32-bit {@code s / 2^31} (FFmpeg's FLAC decoder returns 24-bit audio left-aligned
 * in 32 bits, so this is {@code s24 / 2^23}); float and double samples are kept as decoded.
 */
final class ChannelBuffers {
  private static final float SCALE_8 = 1f / 128;
  private static final float SCALE_16 = 1f / 32768;
  private static final double SCALE_32 = 1.0 / 2147483648.0;

  /** The most frames an array holds. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final float[][] channels;
  private final int maxFrames;
  private int frames;

  /**
   * Creates empty buffers.
   *
   * @param channelCount the number of channels, &gt; 0
   * @param maxFrames the most frames they take (samples per channel), &gt;= 0; at most what an
   *     array holds is used
   */
  ChannelBuffers(int channelCount, long maxFrames) {
    this.maxFrames = (int) Math.min(MAX_ARRAY, maxFrames);
    channels = new float[channelCount][Math.min(1024, this.maxFrames)];
  }

  /**
   * Appends one decoded frame.
   *
   * @param planes the frame's buffers: one per channel (planar) or one interleaved (packed), each
   *     from its position to its limit
   * @return false, with nothing appended, when the frame would take the buffers past their most
   *     frames
   * @throws IllegalArgumentException if the number of buffers is neither 1 nor the channel count,
   *     planes differ in length, an interleaved buffer is not a whole number of frames, or the
   *     buffer type is not a sample type
   */
  boolean append(Buffer[] planes) {
    int count = channels.length;
    boolean planar = planes.length == count && count > 1;
    if (!planar && planes.length != 1) {
      throw new IllegalArgumentException(
          "a frame has " + planes.length + " sample buffers for " + count + " channels");
    }
    int n = planar ? planes[0].remaining() : planes[0].remaining() / count;
    if (!planar && planes[0].remaining() % count != 0) {
      throw new IllegalArgumentException(
          "an interleaved frame holds "
              + planes[0].remaining()
              + " samples, not a multiple of "
              + count
              + " channels");
    }
    if (n > maxFrames - frames) {
      return false;
    }
    ensureCapacity(frames + n);
    if (planar) {
      for (int c = 0; c < count; c++) {
        if (planes[c].remaining() != n) {
          throw new IllegalArgumentException(
              "plane " + c + " holds " + planes[c].remaining() + " samples but plane 0 holds " + n);
        }
        copy(planes[c], c, 1, 0, n);
      }
    } else {
      for (int c = 0; c < count; c++) {
        copy(planes[0], c, count, c, n);
      }
    }
    frames += n;
    return true;
  }

  /**
   * Returns the samples collected so far.
   *
   * @return samples [channels][frames], fresh arrays
   */
  float[][] samples() {
    float[][] out = new float[channels.length][];
    for (int c = 0; c < channels.length; c++) {
      out[c] = Arrays.copyOf(channels[c], frames);
    }
    return out;
  }

  private void copy(Buffer buffer, int channel, int stride, int offset, int n) {
    float[] dst = channels[channel];
    int base = buffer.position() + offset;
    if (buffer instanceof ShortBuffer b) {
      for (int i = 0; i < n; i++) {
        dst[frames + i] = b.get(base + i * stride) * SCALE_16;
      }
    } else if (buffer instanceof FloatBuffer b) {
      for (int i = 0; i < n; i++) {
        dst[frames + i] = b.get(base + i * stride);
      }
    } else if (buffer instanceof IntBuffer b) {
      for (int i = 0; i < n; i++) {
        dst[frames + i] = (float) (b.get(base + i * stride) * SCALE_32);
      }
    } else if (buffer instanceof DoubleBuffer b) {
      for (int i = 0; i < n; i++) {
        dst[frames + i] = (float) b.get(base + i * stride);
      }
    } else if (buffer instanceof ByteBuffer b) {
      for (int i = 0; i < n; i++) {
        dst[frames + i] = (Byte.toUnsignedInt(b.get(base + i * stride)) - 128) * SCALE_8;
      }
    } else {
      throw new IllegalArgumentException(
          "unsupported sample buffer type " + buffer.getClass().getSimpleName());
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > channels[0].length) {
      int size = (int) Math.min(maxFrames, Math.max(needed, channels[0].length * 2L));
      for (int c = 0; c < channels.length; c++) {
        channels[c] = Arrays.copyOf(channels[c], size);
      }
    }
  }
}
