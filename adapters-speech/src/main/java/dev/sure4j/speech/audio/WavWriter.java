package dev.sure4j.speech.audio;

import dev.sure4j.adapters.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes an {@link AudioClip} as a canonical RIFF/WAVE file (a 16-byte {@code fmt } chunk and a
 * {@code data} chunk), atomically: to a temporary file beside the target, then renamed.
 *
 * <p>Integer formats quantise {@code round(x * 2^(N-1))} (8-bit: plus 128) and clip to the format's
 * range, so a sample read back by {@link WavReader} differs by at most half a quantisation step
 * ({@code 2^-N}) for samples in [-1, 1).
 */
public final class WavWriter {
  private WavWriter() {}

  /**
   * Encodes a clip as WAV bytes.
   *
   * @param clip the clip, samples [channels][frames]
   * @param format the sample encoding
   * @return the bytes of the file
   */
  public static byte[] toBytes(AudioClip clip, SampleFormat format) {
    int channels = clip.channelCount();
    int bps = format.bytesPerSample();
    long dataSize = (long) clip.frames() * channels * bps;
    if (dataSize + 36 > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "clip too long for a WAV file: " + dataSize + " data bytes");
    }
    ByteBuffer b =
        ByteBuffer.allocate((int) (44 + dataSize + (dataSize & 1))).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt((int) (36 + dataSize + (dataSize & 1))).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) format.formatTag()).putShort((short) channels);
    b.putInt(clip.sampleRate()).putInt(clip.sampleRate() * channels * bps);
    b.putShort((short) (channels * bps)).putShort((short) format.bitsPerSample());
    b.put(ascii("data")).putInt((int) dataSize);
    float[][] s = clip.samples();
    for (int i = 0; i < clip.frames(); i++) {
      for (int c = 0; c < channels; c++) {
        put(b, s[c][i], format);
      }
    }
    return b.array();
  }

  /**
   * Writes a clip to a file atomically.
   *
   * @param file the target file (replaced if it exists)
   * @param clip the clip, samples [channels][frames]
   * @param format the sample encoding
   * @throws IOException if the file cannot be written (the target is then unchanged)
   */
  public static void write(Path file, AudioClip clip, SampleFormat format) throws IOException {
    AtomicFiles.writeBytes(file, toBytes(clip, format));
  }

  private static void put(ByteBuffer b, float x, SampleFormat format) {
    switch (format) {
      case PCM_U8:
        b.put((byte) (quantise(x, 8) + 128));
        break;
      case PCM_S16:
        b.putShort((short) quantise(x, 16));
        break;
      case PCM_S24:
        int v = (int) quantise(x, 24);
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
        break;
      case PCM_S32:
        b.putInt((int) quantise(x, 32));
        break;
      case FLOAT32:
        b.putFloat(x);
        break;
      case FLOAT64:
        b.putDouble(x);
        break;
      default:
        throw new IllegalStateException("unhandled sample format " + format);
    }
  }

  private static long quantise(float x, int bits) {
    long full = 1L << (bits - 1);
    long q = Math.round(x * (double) full);
    return Math.max(-full, Math.min(full - 1, q));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
