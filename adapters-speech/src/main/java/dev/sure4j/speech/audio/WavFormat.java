package dev.sure4j.speech.audio;

import java.nio.ByteBuffer;

/**
 * The {@code fmt } chunk of a WAV file, as {@link WavReader} reads it.
 *
 * @param format the sample encoding
 * @param channels channels, &gt; 0
 * @param rate the declared sample rate, Hz, &gt; 0
 */
record WavFormat(SampleFormat format, int channels, int rate) {

  private static final int FMT_MIN_SIZE = 16;
  private static final int EXTENSIBLE = 0xFFFE;

  /**
   * Reads and checks a {@code fmt } chunk.
   *
   * @param buf the file, little-endian
   * @param body the byte offset of the chunk's body
   * @param size the chunk's body size in bytes
   * @param pos the byte offset of the chunk, for messages
   * @param source the file, for messages
   * @return the format
   * @throws AudioException if the chunk is short or declares an unsupported or invalid format
   */
  static WavFormat parse(ByteBuffer buf, int body, int size, int pos, String source)
      throws AudioException {
    if (size < FMT_MIN_SIZE) {
      throw WavReader.error(
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
        throw WavReader.error(
            source, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has " + size + " bytes, needs 40");
      }
      effectiveTag = Short.toUnsignedInt(buf.getShort(body + 24));
    }
    if (effectiveTag != SampleFormat.TAG_PCM && effectiveTag != SampleFormat.TAG_FLOAT) {
      throw WavReader.error(
          source,
          "unsupported format tag "
              + effectiveTag
              + String.format(
                  " (0x%04X%s)", effectiveTag, SampleFormat.unsupportedTagName(effectiveTag))
              + "; WAV files must hold integer PCM (1) or IEEE float (3) samples; convert with"
              + " `sox in.wav -e signed -b 16 out.wav`");
    }
    SampleFormat format = SampleFormat.find(effectiveTag, bits);
    if (format == null) {
      throw WavReader.error(
          source,
          "unsupported bits per sample "
              + bits
              + (effectiveTag == SampleFormat.TAG_PCM
                  ? " for PCM (8, 16, 24 or 32)"
                  : " for float (32 or 64)"));
    }
    if (channels == 0) {
      throw WavReader.error(source, "'fmt ' chunk declares 0 channels");
    }
    if (rate == 0 || rate > Integer.MAX_VALUE) {
      throw WavReader.error(
          source, "'fmt ' chunk declares an invalid sample rate of " + rate + " Hz");
    }
    if (blockAlign != channels * format.bytesPerSample()) {
      throw WavReader.error(
          source,
          "block align "
              + blockAlign
              + " does not match "
              + channels
              + " channel(s) x "
              + format.bytesPerSample()
              + " bytes");
    }
    return new WavFormat(format, channels, (int) rate);
  }
}
