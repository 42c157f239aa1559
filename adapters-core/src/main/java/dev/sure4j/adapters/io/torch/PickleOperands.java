package dev.sure4j.adapters.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.function.Function;

/**
 * The operands of pickle opcodes that are longer than a fixed-size number: little-endian integers
 * of any byte count ({@code LONG1}, {@code LONG4}), strings with a length prefix, and the
 * newline-ended names of {@code GLOBAL}. Each length is checked against the bytes left before
 * anything is allocated.
 */
final class PickleOperands {

  private static final int MAX_INT_BYTES = 64;

  private final ByteBuffer in;
  private final Function<String, IOException> error;

  /**
   * Reads from a buffer.
   *
   * @param in the pickle, little-endian, at the operand
   * @param error makes the error for a message, naming the file and byte
   */
  PickleOperands(ByteBuffer in, Function<String, IOException> error) {
    this.in = in;
    this.error = error;
  }

  /** Reads an {@code n}-byte two's-complement integer: a {@link Long}, or a {@link BigInteger}. */
  Object longValue(long n) throws IOException {
    if (n < 0 || n > MAX_INT_BYTES) {
      throw error.apply("integer of " + n + " bytes is out of range");
    }
    checkRemaining(n, "integer");
    if (n > 8) {
      byte[] b = new byte[(int) n];
      for (int i = 0; i < n; i++) {
        b[(int) n - 1 - i] = in.get(); // little-endian two's complement to big-endian
      }
      return new BigInteger(b);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (in.get() & 0xffL) << (8 * i);
    }
    if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
      v |= -1L << (8 * n); // sign-extend
    }
    return v;
  }

  /** Reads a string of {@code length} bytes. */
  String text(long length, Charset charset) throws IOException {
    if (length < 0) {
      throw error.apply("string of " + length + " bytes");
    }
    checkRemaining(length, "string");
    byte[] b = new byte[(int) length];
    in.get(b);
    return new String(b, charset);
  }

  private void checkRemaining(long length, String what) throws IOException {
    if (length > in.remaining()) {
      throw new TruncatedPickleException(
          error
              .apply(what + " of " + length + " bytes runs past the end (truncated pickle)")
              .getMessage());
    }
  }

  /** Reads a {@code GLOBAL} name up to its newline. */
  String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (byte b = in.get(); b != '\n'; b = in.get()) {
      if (sb.length() > 256) {
        throw error.apply("GLOBAL name longer than 256 bytes");
      }
      sb.append((char) (b & 0xff));
    }
    return sb.toString();
  }
}
