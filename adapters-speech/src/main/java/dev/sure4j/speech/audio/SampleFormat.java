package dev.sure4j.speech.audio;

import java.nio.ByteBuffer;

/** The sample encodings of a WAV file that {@link WavReader} reads and {@link WavWriter} writes. */
public enum SampleFormat {
  /** 8-bit unsigned PCM; decoded as {@code (u - 128) / 128}. */
  PCM_U8(1, 8),
  /** 16-bit signed little-endian PCM; decoded as {@code s / 32768}. */
  PCM_S16(1, 16),
  /** 24-bit signed little-endian PCM; decoded as {@code s / 2^23}. */
  PCM_S24(1, 24),
  /** 32-bit signed little-endian PCM; decoded as {@code s / 2^31}. */
  PCM_S32(1, 32),
  /** 32-bit IEEE float; kept as stored. */
  FLOAT32(3, 32),
  /** 64-bit IEEE float; rounded to float. */
  FLOAT64(3, 64);

  /** WAVE format tag of integer PCM. */
  static final int TAG_PCM = 1;

  /** WAVE format tag of IEEE float. */
  static final int TAG_FLOAT = 3;

  private final int formatTag;
  private final int bitsPerSample;

  SampleFormat(int formatTag, int bitsPerSample) {
    this.formatTag = formatTag;
    this.bitsPerSample = bitsPerSample;
  }

  /**
   * Returns the WAVE format tag (1 = PCM, 3 = IEEE float).
   *
   * @return the tag
   */
  public int formatTag() {
    return formatTag;
  }

  /**
   * Returns the container size of one sample.
   *
   * @return bits per sample
   */
  public int bitsPerSample() {
    return bitsPerSample;
  }

  /**
   * Returns the size of one sample.
   *
   * @return bytes per sample
   */
  public int bytesPerSample() {
    return bitsPerSample / 8;
  }

  /**
   * Finds the format for a tag and a bit depth.
   *
   * @param formatTag 1 (PCM) or 3 (IEEE float)
   * @param bitsPerSample container bits per sample
   * @return the format, or null if there is none
   */
  static SampleFormat find(int formatTag, int bitsPerSample) {
    for (SampleFormat f : values()) {
      if (f.formatTag == formatTag && f.bitsPerSample == bitsPerSample) {
        return f;
      }
    }
    return null;
  }

  /**
   * Decodes one sample.
   *
   * @param buf the bytes, little-endian
   * @param p the byte offset of the sample
   * @return the sample, scaled as the constant's documentation says
   */
  float read(ByteBuffer buf, int p) {
    switch (this) {
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
        throw new IllegalStateException("unhandled sample format " + this);
    }
  }

  /**
   * Names the common WAVE format tags that are not supported, for messages.
   *
   * @param tag a format tag
   * @return {@code ", A-law"} and the like, or {@code ""}
   */
  static String unsupportedTagName(int tag) {
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
}
