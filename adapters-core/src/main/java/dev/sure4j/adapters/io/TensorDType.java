package dev.sure4j.adapters.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element types of a safetensors file that sure4j reads, with their byte sizes and their
 * conversion to {@code float}. Every type converts to float32: {@code F64} and {@code I64} values
 * are rounded to the nearest float, {@code F16} and {@code BF16} convert exactly.
 */
public enum TensorDType {
  /** IEEE 754 single precision. */
  F32(4),
  /** IEEE 754 double precision. */
  F64(8),
  /** IEEE 754 half precision. */
  F16(2),
  /** bfloat16: the upper 16 bits of a float32. */
  BF16(2),
  /** Signed 64-bit integer. */
  I64(8),
  /** Signed 32-bit integer. */
  I32(4),
  /** Signed 16-bit integer. */
  I16(2),
  /** Signed 8-bit integer. */
  I8(1),
  /** Unsigned 8-bit integer. */
  U8(1),
  /** Boolean, one byte, 0 or 1. */
  BOOL(1);

  private final int byteSize;

  TensorDType(int byteSize) {
    this.byteSize = byteSize;
  }

  /**
   * Returns the size of one element.
   *
   * @return bytes per element
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * Converts little-endian elements of this type to floats.
   *
   * @param src the raw bytes, from its position to its limit; a whole number of elements
   * @return one float per element
   */
  public float[] toFloats(ByteBuffer src) {
    ByteBuffer b = src.slice().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / byteSize];
    for (int i = 0; i < out.length; i++) {
      out[i] = element(b, i * byteSize);
    }
    return out;
  }

  private float element(ByteBuffer b, int at) {
    switch (this) {
      case F32:
        return b.getFloat(at);
      case F64:
        return (float) b.getDouble(at);
      case F16:
        return halfToFloat(b.getShort(at));
      case BF16:
        return Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
      case I64:
        return (float) b.getLong(at);
      case I32:
        return (float) b.getInt(at);
      case I16:
        return b.getShort(at);
      case I8:
        return b.get(at);
      case U8:
      case BOOL:
        return b.get(at) & 0xff;
      default:
        throw new IllegalStateException("no conversion for " + this);
    }
  }

  /**
   * Converts an IEEE 754 half-precision value to float, exactly (subnormals, infinities and NaN
   * included).
   *
   * @param half the 16 bits
   * @return the value
   */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
