package dev.sure4j.cli.encode;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.JsonInput;
import dev.sure4j.adapters.io.TensorDType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files of float16, float32 or float64 ({@code <f2 >f2 <f4 >f4 <f8 >f8},
 * the dtypes {@code numpy.save} writes for them on little- and big-endian machines), in C or
 * Fortran order and of any rank, format versions 1.0 to 3.0: the files {@link NpyWriter} and {@code
 * numpy.save} write, including {@code numpy.save(f, mel.T)}. Every array comes back as float32 in C
 * order.
 */
public final class NpyReader {

  /**
   * A float32 array.
   *
   * @param shape the dimensions; empty for a 0-d array, which has one value
   * @param data the values in C (row-major) order, whatever the file's order
   */
  public record Array(long[] shape, float[] data) {}

  /** The header bytes a file may hold besides its data when it is checked against a limit. */
  private static final long MAX_HEADER = 1 << 16;

  private NpyReader() {}

  /**
   * Reads a file.
   *
   * @param file a {@code .npy} file
   * @return its shape and values in C order (float16 widens to float32 exactly, float64 is rounded
   *     to the nearest float32)
   * @throws IOException if the file cannot be read, is not a well-formed {@code .npy} file, holds
   *     another dtype (integers, complex, structured...) or less data than its shape needs; the
   *     message is one line naming the file
   */
  public static Array read(Path file) throws IOException {
    return read(file, InputLimits.defaults());
  }

  /**
   * Reads a file as {@link #read(Path)}, refusing it before reading when it holds more than {@link
   * InputLimits#maxTensorBytes()} bytes plus 64 KiB of header, and before converting when its shape
   * needs more than {@link InputLimits#maxTensorBytes()} data bytes.
   *
   * @param file a {@code .npy} file
   * @param limits the limits
   * @return its shape and values in C order
   * @throws IOException as {@link #read(Path)}, and over the limit, in one line naming the file and
   *     the limit
   */
  public static Array read(Path file, InputLimits limits) throws IOException {
    long size = Files.size(file);
    if (size - MAX_HEADER > limits.maxTensorBytes()) {
      throw new IOException(
          String.format(
              "%s: %d bytes, more than the limit of %d tensor bytes (limit maxTensorBytes)",
              file, size, limits.maxTensorBytes()));
    }
    byte[] b = Files.readAllBytes(file);
    if (b.length < 10
        || b[0] != (byte) 0x93
        || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(file + ": not a .npy file");
    }
    int version = b[6];
    if (version < 1 || version > 3 || (version > 1 && b.length < 12)) {
      throw new IOException(
          file + ": .npy format version " + version + "." + b[7] + " is not read");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen =
        version == 1 ? Short.toUnsignedInt(buf.getShort(8)) : Integer.toUnsignedLong(buf.getInt(8));
    int start = version == 1 ? 10 : 12;
    if (headerLen > b.length - start) {
      throw new IOException(
          file
              + ": the header length "
              + headerLen
              + " goes beyond the file's "
              + b.length
              + " bytes");
    }
    String text =
        new String(
            b,
            start,
            (int) headerLen,
            version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(file, text);
    TensorDType type = type(file, header.descr());
    long[] shape = header.shape();
    int width = type.byteSize();
    int dataStart = start + (int) headerLen;
    int n = count(file, shape);
    long bytes = (long) n * width;
    if (bytes > limits.maxTensorBytes()) {
      throw new IOException(
          String.format(
              "%s: shape %s needs %d data bytes, more than the limit of %d (limit maxTensorBytes)",
              file, Arrays.toString(shape), bytes, limits.maxTensorBytes()));
    }
    if (b.length - dataStart < bytes) {
      throw new IOException(
          file
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + bytes
              + " data bytes but the file holds "
              + (b.length - dataStart));
    }
    if (header.descr().charAt(0) == '>') {
      for (int at = dataStart; at < dataStart + n * width; at += width) {
        reverse(b, at, width);
      }
    }
    float[] data = type.toFloats(ByteBuffer.wrap(b, dataStart, n * width));
    return new Array(shape, header.fortranOrder() ? toRowMajor(data, shape) : data);
  }

  /** The number of elements, which must fit a Java array. */
  private static int count(Path file, long[] shape) throws IOException {
    try {
      long count = 1;
      for (long d : shape) {
        count = Math.multiplyExact(count, d);
      }
      return Math.toIntExact(count);
    } catch (ArithmeticException e) {
      throw new IOException(file + ": the shape " + Arrays.toString(shape) + " is too large");
    }
  }

  /** The element type of a float dtype with an explicit byte order; other dtypes end here. */
  private static TensorDType type(Path file, String descr) throws IOException {
    TensorDType type =
        switch (descr.length() == 3 && "<>".indexOf(descr.charAt(0)) >= 0
            ? descr.substring(1)
            : "") {
          case "f2" -> TensorDType.F16;
          case "f4" -> TensorDType.F32;
          case "f8" -> TensorDType.F64;
          default -> null;
        };
    if (type == null) {
      throw new IOException(
          file
              + ": dtype '"
              + JsonInput.oneLine(descr.strip())
              + "' is not read; expected float16, float32 or float64 (<f2 >f2 <f4 >f4 <f8 >f8)");
    }
    return type;
  }

  private static void reverse(byte[] b, int at, int width) {
    for (int i = 0, j = at + width - 1; i < width / 2; i++, j--) {
      byte t = b[at + i];
      b[at + i] = b[j];
      b[j] = t;
    }
  }

  /**
   * Reorders column-major values into row-major order for the same shape, so that a Fortran-order
   * file gives the same array as the C-order file of the same values.
   *
   * @param columnMajor the values as stored with {@code fortran_order: True}
   * @param shape the dimensions
   * @return the values in C order
   */
  static float[] toRowMajor(float[] columnMajor, long[] shape) {
    int rank = shape.length;
    if (rank < 2 || columnMajor.length == 0) {
      return columnMajor;
    }
    int[] dims = new int[rank];
    int[] stride = new int[rank];
    for (int j = 0; j < rank; j++) {
      dims[j] = (int) shape[j]; // each dimension is at most the (int) element count
      stride[j] = j == 0 ? 1 : stride[j - 1] * dims[j - 1];
    }
    float[] rowMajor = new float[columnMajor.length];
    int[] index = new int[rank];
    int from = 0;
    for (int i = 0; i < rowMajor.length; i++) {
      rowMajor[i] = columnMajor[from];
      for (int j = rank - 1; j >= 0; j--) {
        if (++index[j] < dims[j]) {
          from += stride[j];
          break;
        }
        index[j] = 0;
        from -= stride[j] * (dims[j] - 1);
      }
    }
    return rowMajor;
  }
}
