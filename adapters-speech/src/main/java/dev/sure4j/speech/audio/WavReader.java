package dev.sure4j.speech.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Parses RIFF/WAVE files in pure Java into an {@link AudioClip}.
 *
 * <p>Supported: format tag 1 (integer PCM, 8-bit unsigned and 16/24/32-bit signed), tag 3 (IEEE
 * float, 32 and 64 bit) and {@code WAVE_FORMAT_EXTENSIBLE} (0xFFFE) with a PCM or float sub-format;
 * any channel count and sample rate; {@code RIFF} and {@code RF64} containers. Unknown chunks
 * ({@code LIST}, {@code fact}, {@code ds64}, ...) are skipped, odd-sized chunks are followed by one
 * pad byte. A data chunk of size 0, or a placeholder size larger than the file (0xFFFFFFFF from
 * ffmpeg, 0x7FFFF000 from sox: streaming writers that could not seek back), means "the rest of the
 * file", and then a trailing partial frame is dropped. Everything else that does not add up - a
 * missing or truncated header, a chunk that runs past the end of the file, an unsupported tag or
 * bit depth, NaN or infinite float samples - is an {@link AudioException} that names the source and
 * the byte offset.
 */
public final class WavReader {
  /**
   * Data sizes that streaming writers leave in the header: ffmpeg and others 0 or -1, sox
   * 0x7FFFF000.
   */
  private static final Set<Long> STREAMING_SIZES = Set.of(0L, 0xFFFFFFFFL, 0x7FFFF000L);

  private static final int FMT_MIN_SIZE = 16;
  private static final int EXTENSIBLE = 0xFFFE;

  private WavReader() {}

  /**
   * Reads a WAV file.
   *
   * @param file the file
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the file is not a supported, well-formed WAV file (the message names
   *     the file)
   * @throws IOException if the file cannot be read
   */
  public static AudioClip read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads a WAV stream to its end (the stream is not closed).
   *
   * @param in the stream
   * @param source a name for the stream used in error messages (a file name, "stdout of sox", ...)
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the bytes are not a supported, well-formed WAV file
   * @throws IOException if the stream cannot be read
   */
  public static AudioClip read(InputStream in, String source) throws IOException {
    return parse(in.readAllBytes(), source);
  }

  /**
   * Parses the bytes of a WAV file.
   *
   * @param bytes the whole file
   * @param source a name used in error messages
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the bytes are not a supported, well-formed WAV file
   */
  public static AudioClip parse(byte[] bytes, String source) throws AudioException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12) {
      throw error(
          source,
          "truncated at byte " + bytes.length + ": a WAV file starts with a 12-byte RIFF header");
    }
    String riff = fourcc(bytes, 0);
    if (!riff.equals("RIFF") && !riff.equals("RF64")) {
      String hint = riff.equals("RIFX") ? " (big-endian RIFX is not supported)" : "";
      throw error(
          source,
          "not a WAV file: expected 'RIFF' at byte 0, found '" + printable(riff) + "'" + hint);
    }
    if (!fourcc(bytes, 8).equals("WAVE")) {
      throw error(
          source,
          "not a WAV file: expected 'WAVE' at byte 8, found '" + printable(fourcc(bytes, 8)) + "'");
    }
    Format format = null;
    int pos = 12;
    while (true) {
      if (pos + 8 > bytes.length) {
        String what = format == null ? "no 'fmt ' chunk" : "no 'data' chunk";
        throw error(
            source,
            "truncated at byte " + bytes.length + ": " + what + " before the end of the file");
      }
      String id = fourcc(bytes, pos);
      long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int body = pos + 8;
      if (id.equals("data")) {
        if (format == null) {
          throw error(source, "'data' chunk at byte " + pos + " comes before the 'fmt ' chunk");
        }
        return decode(bytes, body, size, format, source);
      }
      if (size > bytes.length - (long) body) {
        throw error(
            source,
            "truncated at byte "
                + bytes.length
                + ": chunk '"
                + printable(id)
                + "' at byte "
                + pos
                + " declares "
                + size
                + " bytes");
      }
      if (id.equals("fmt ")) {
        format = parseFormat(buf, body, (int) size, pos, source);
      }
      pos = body + (int) size + (int) (size & 1);
    }
  }

  private static Format parseFormat(ByteBuffer buf, int body, int size, int pos, String source)
      throws AudioException {
    if (size < FMT_MIN_SIZE) {
      throw error(
          source, "'fmt ' chunk at byte " + pos + " has " + size + " bytes, needs at least 16");
    }
    int tag = Short.toUnsignedInt(buf.getShort(body));
    int channels = Short.toUnsignedInt(buf.getShort(body + 2));
    long rate = Integer.toUnsignedLong(buf.getInt(body + 4));
    int blockAlign = Short.toUnsignedInt(buf.getShort(body + 12));
    int bits = Short.toUnsignedInt(buf.getShort(body + 14));
    int effectiveTag = tag;
    if (tag == EXTENSIBLE) {
      if (size < 40) {
        throw error(source, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has " + size + " bytes, needs 40");
      }
      effectiveTag = Short.toUnsignedInt(buf.getShort(body + 24));
    }
    if (effectiveTag != SampleFormat.TAG_PCM && effectiveTag != SampleFormat.TAG_FLOAT) {
      throw error(
          source,
          "unsupported format tag "
              + effectiveTag
              + String.format(" (0x%04X%s)", effectiveTag, tagName(effectiveTag))
              + "; WAV files must hold integer PCM (1) or IEEE float (3) samples; convert with"
              + " `sox in.wav -e signed -b 16 out.wav`");
    }
    SampleFormat format = SampleFormat.find(effectiveTag, bits);
    if (format == null) {
      throw error(
          source,
          "unsupported bits per sample "
              + bits
              + (effectiveTag == SampleFormat.TAG_PCM
                  ? " for PCM (8, 16, 24 or 32)"
                  : " for float (32 or 64)"));
    }
    if (channels == 0) {
      throw error(source, "'fmt ' chunk declares 0 channels");
    }
    if (rate == 0 || rate > Integer.MAX_VALUE) {
      throw error(source, "'fmt ' chunk declares an invalid sample rate of " + rate + " Hz");
    }
    if (blockAlign != channels * format.bytesPerSample()) {
      throw error(
          source,
          "block align "
              + blockAlign
              + " does not match "
              + channels
              + " channel(s) x "
              + format.bytesPerSample()
              + " bytes");
    }
    return new Format(format, channels, (int) rate);
  }

  private static AudioClip decode(byte[] bytes, int body, long size, Format f, String source)
      throws AudioException {
    int available = bytes.length - body;
    int blockAlign = f.channels * f.format.bytesPerSample();
    long length;
    if (size == 0 || (STREAMING_SIZES.contains(size) && size > available)) {
      length = available - available % blockAlign; // rest of the file, whole frames only
    } else if (size > available) {
      throw error(
          source,
          "truncated at byte "
              + bytes.length
              + ": the 'data' chunk at byte "
              + (body - 8)
              + " declares "
              + size
              + " bytes but only "
              + available
              + " follow");
    } else if (size % blockAlign != 0) {
      throw error(
          source,
          "'data' chunk size "
              + size
              + " is not a multiple of the frame size "
              + blockAlign
              + " bytes");
    } else {
      length = size;
    }
    int frames = (int) (length / blockAlign);
    float[][] out = new float[f.channels][frames];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int bps = f.format.bytesPerSample();
    int p = body;
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < f.channels; c++, p += bps) {
        float v = sample(buf, p, f.format);
        if (!Float.isFinite(v)) {
          throw error(
              source, "sample at byte " + p + " (frame " + i + ", channel " + c + ") is " + v);
        }
        out[c][i] = v;
      }
    }
    return AudioClip.of(out, f.rate);
  }

  private static float sample(ByteBuffer buf, int p, SampleFormat format) {
    switch (format) {
      case PCM_U8:
        return ((buf.get(p) & 0xFF) - 128) / 128f;
      case PCM_S16:
        return buf.getShort(p) / 32768f;
      case PCM_S24:
        int s = (buf.get(p) & 0xFF) | ((buf.get(p + 1) & 0xFF) << 8) | (buf.get(p + 2) << 16);
        return s / 8388608f;
      case PCM_S32:
        return (float) (buf.getInt(p) / 2147483648.0);
      case FLOAT32:
        return buf.getFloat(p);
      case FLOAT64:
        return (float) buf.getDouble(p);
      default:
        throw new IllegalStateException("unhandled sample format " + format);
    }
  }

  private static String tagName(int tag) {
    switch (tag) {
      case 2:
        return ", Microsoft ADPCM";
      case 6:
        return ", A-law";
      case 7:
        return ", mu-law";
      case 0x11:
        return ", IMA ADPCM";
      case 0x55:
        return ", MPEG layer 3";
      default:
        return "";
    }
  }

  private static String fourcc(byte[] bytes, int pos) {
    char[] c = new char[4];
    for (int i = 0; i < 4; i++) {
      c[i] = (char) (bytes[pos + i] & 0xFF);
    }
    return new String(c);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
    }
    return b.toString();
  }

  private static AudioException error(String source, String what) {
    return new AudioException(source + ": " + what);
  }

  private record Format(SampleFormat format, int channels, int rate) {}
}
