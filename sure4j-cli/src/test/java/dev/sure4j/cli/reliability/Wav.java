package dev.sure4j.cli.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes WAV bytes by hand, field by field, so that a test can build both well-formed files of
 * every encoding and files that are broken in one exact place. Independent of the reader under
 * test.
 */
final class Wav {

  /** WAVE format tags. */
  static final int PCM = 1;

  static final int FLOAT = 3;

  private Wav() {}

  /**
   * Writes {@link #miniClip()} as a 16 kHz 16-bit mono PCM WAV file.
   *
   * @param file where to write it
   * @return {@code file}
   */
  static Path writeMiniClip(Path file) throws IOException {
    Files.write(file, file(PCM, 1, 16_000, 16, s16(miniClip(), 1)));
    return file;
  }

  /**
   * Returns the samples of a bundled 16 kHz 16-bit mono clip, scaled to [-1, 1).
   *
   * @return samples [frames] at 16 kHz
   */
  static float[] miniClip() throws IOException {
    Path f = Cli.ROOT.resolve("data/mini/kws/train/off_000.wav");
    byte[] b = Files.readAllBytes(f);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (!new String(b, pos, 4, StandardCharsets.US_ASCII).equals("data")) {
      pos += 8 + buf.getInt(pos + 4);
    }
    int n = buf.getInt(pos + 4) / 2;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = buf.getShort(pos + 8 + 2 * i) / 32768f;
    }
    return x;
  }

  /** A {@code fmt } chunk body with the block align that fits. */
  static byte[] fmt(int tag, int channels, int rate, int bits) {
    return fmt(tag, channels, rate, bits, channels * bits / 8);
  }

  /** A {@code fmt } chunk body with any block align. */
  static byte[] fmt(int tag, int channels, int rate, int bits, int blockAlign) {
    return le(16)
        .putShort((short) tag)
        .putShort((short) channels)
        .putInt(rate)
        .putInt(rate * blockAlign)
        .putShort((short) blockAlign)
        .putShort((short) bits)
        .array();
  }

  /** A chunk: id, true size, body and the pad byte after an odd-sized body. */
  static byte[] chunk(String id, byte[] body) {
    byte[] c = chunk(id, Integer.toUnsignedLong(body.length), body);
    if (body.length % 2 == 0) {
      return c;
    }
    byte[] padded = new byte[c.length + 1];
    System.arraycopy(c, 0, padded, 0, c.length);
    return padded;
  }

  /** A chunk whose header declares {@code size} bytes, whatever the body holds. */
  static byte[] chunk(String id, long size, byte[] body) {
    ByteBuffer b = le(8 + body.length);
    b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt((int) size).put(body);
    return b.array();
  }

  /** A RIFF/WAVE file of the given chunks. */
  static byte[] riff(byte[]... chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int size = 4;
    for (byte[] c : chunks) {
      size += c.length;
    }
    out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le(4).putInt(size).array());
    out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
    for (byte[] c : chunks) {
      out.writeBytes(c);
    }
    return out.toByteArray();
  }

  /** A plain file: {@code fmt } then {@code data}. */
  static byte[] file(int tag, int channels, int rate, int bits, byte[] data) {
    return riff(chunk("fmt ", fmt(tag, channels, rate, bits)), chunk("data", data));
  }

  /** Samples in [-1, 1) as 16-bit PCM, each repeated on {@code channels} channels. */
  static byte[] s16(float[] x, int channels) {
    ByteBuffer b = le(2 * x.length * channels);
    for (float v : x) {
      for (int c = 0; c < channels; c++) {
        b.putShort((short) Math.round(v * 32768));
      }
    }
    return b.array();
  }

  /** Samples as signed integer PCM of 8 (unsigned), 24 or 32 bits, the 16-bit value shifted up. */
  static byte[] pcm(float[] x, int bits) {
    ByteBuffer b = le(bits / 8 * x.length);
    for (float v : x) {
      int s16 = Math.round(v * 32768);
      if (bits == 8) {
        b.put((byte) ((s16 >> 8) + 128));
      } else if (bits == 24) {
        int s = s16 << 8;
        b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
      } else {
        b.putInt(s16 << 16);
      }
    }
    return b.array();
  }

  /** Samples as 32-bit IEEE float. */
  static byte[] f32(float[] x) {
    ByteBuffer b = le(4 * x.length);
    for (float v : x) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** Samples as 64-bit IEEE float. */
  static byte[] f64(float[] x) {
    ByteBuffer b = le(8 * x.length);
    for (float v : x) {
      b.putDouble(v);
    }
    return b.array();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
