package dev.sure4j.speech.audio;

import dev.sure4j.adapters.io.InputLimits;
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
 * the byte offset. So is a file over the {@link InputLimits}: a sample rate outside their range,
 * more seconds or samples than they allow (checked on the declared sizes, before any sample is
 * allocated), or more bytes than {@link InputLimits#maxBodyBytes()} (checked before reading).
 */
public final class WavReader {
  /**
   * Data sizes that streaming writers leave in the header: ffmpeg and others 0 or -1, sox
   * 0x7FFFF000.
   */
  private static final Set<Long> STREAMING_SIZES = Set.of(0L, 0xFFFFFFFFL, 0x7FFFF000L);

  /** The largest byte array the JVM allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private WavReader() {}

  /**
   * Reads a WAV file within the {@link InputLimits#defaults() default limits}.
   *
   * @param file the file
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the file is not a supported, well-formed WAV file or is over a limit
   *     (the message names the file)
   * @throws IOException if the file cannot be read
   */
  public static AudioClip read(Path file) throws IOException {
    return read(file, InputLimits.defaults());
  }

  /**
   * Reads a WAV file. The file's size is checked before it is read, its sample rate and length
   * before samples are allocated.
   *
   * @param file the file
   * @param limits the limits: body bytes, sample-rate range, seconds and decoded samples
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the file is not a supported, well-formed WAV file or is over a limit
   *     (the message names the file)
   * @throws IOException if the file cannot be read
   */
  public static AudioClip read(Path file, InputLimits limits) throws IOException {
    AudioBounds.checkBytes(limits, Files.size(file), file.toString());
    return parse(Files.readAllBytes(file), file.toString(), limits);
  }

  /**
   * Reads a WAV stream to its end (the stream is not closed) within the {@link
   * InputLimits#defaults() default limits}.
   *
   * @param in the stream
   * @param source a name for the stream used in error messages (a file name, "stdout of sox", ...)
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the bytes are not a supported, well-formed WAV file or are over a
   *     limit
   * @throws IOException if the stream cannot be read
   */
  public static AudioClip read(InputStream in, String source) throws IOException {
    return read(in, source, InputLimits.defaults());
  }

  /**
   * Reads a WAV stream to its end (the stream is not closed), reading no more than {@link
   * InputLimits#maxBodyBytes()} plus one byte.
   *
   * @param in the stream
   * @param source a name for the stream used in error messages
   * @param limits the limits
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the bytes are not a supported, well-formed WAV file or are over a
   *     limit
   * @throws IOException if the stream cannot be read
   */
  public static AudioClip read(InputStream in, String source, InputLimits limits)
      throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(MAX_ARRAY, limits.maxBodyBytes() + 1));
    if (bytes.length > limits.maxBodyBytes() || (bytes.length == MAX_ARRAY && in.read() >= 0)) {
      throw new AudioLimitException(
          source + ": more than the limit of " + limits.maxBodyBytes() + " bytes");
    }
    return parse(bytes, source, limits);
  }

  /**
   * Parses the bytes of a WAV file within the {@link InputLimits#defaults() default limits}.
   *
   * @param bytes the whole file
   * @param source a name used in error messages
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the bytes are not a supported, well-formed WAV file or are over a
   *     limit
   */
  public static AudioClip parse(byte[] bytes, String source) throws AudioException {
    return parse(bytes, source, InputLimits.defaults());
  }

  /**
   * Parses the bytes of a WAV file. The sample rate is checked against the limits' range when the
   * {@code fmt } chunk is read, the length against the duration and sample limits before any sample
   * is decoded.
   *
   * @param bytes the whole file
   * @param source a name used in error messages
   * @param limits the limits: sample-rate range, seconds and decoded samples
   * @return the decoded clip, samples [channels][frames]
   * @throws AudioException if the bytes are not a supported, well-formed WAV file or are over a
   *     limit
   */
  public static AudioClip parse(byte[] bytes, String source, InputLimits limits)
      throws AudioException {
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
    WavFormat format = null;
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
        return decode(bytes, body, size, format, source, limits);
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
        format = WavFormat.parse(buf, body, (int) size, pos, source);
        AudioBounds.checkRate(limits, format.rate(), source);
      }
      pos = body + (int) size + (int) (size & 1);
    }
  }

  private static AudioClip decode(
      byte[] bytes, int body, long size, WavFormat f, String source, InputLimits limits)
      throws AudioException {
    int available = bytes.length - body;
    int blockAlign = f.channels() * f.format().bytesPerSample();
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
    AudioBounds.checkLength(limits, length / blockAlign, f.channels(), f.rate(), source);
    int frames = (int) (length / blockAlign);
    float[][] out = new float[f.channels()][frames];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int bps = f.format().bytesPerSample();
    int p = body;
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < f.channels(); c++, p += bps) {
        float v = f.format().read(buf, p);
        if (!Float.isFinite(v)) {
          throw error(
              source, "sample at byte " + p + " (frame " + i + ", channel " + c + ") is " + v);
        }
        out[c][i] = v;
      }
    }
    return AudioClip.of(out, f.rate());
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

  static AudioException error(String source, String what) {
    return new AudioException(source + ": " + what);
  }
}
