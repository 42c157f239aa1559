package dev.sure4j.cli.encode;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format version 1.0, little-endian {@code <f4},
 * C order), readable by {@code numpy.load}. The file is written to a temporary sibling and renamed
 * into place, so a reader never sees a partial file.
 */
public final class NpyWriter {

  private NpyWriter() {}

  /**
   * Writes an array.
   *
   * @param file the target file, usually ending in {@code .npy}
   * @param data the values in C order
   * @param shape the shape; the product must equal {@code data.length}
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, float[] data, long... shape) throws IOException {
    long n = 1;
    for (long d : shape) {
      checkArgument(d >= 0, "negative dimension in shape %s", Arrays.toString(shape));
      n *= d;
    }
    checkArgument(
        n == data.length,
        "shape %s holds %s values but %s were given",
        Arrays.toString(shape),
        n,
        data.length);
    byte[] header = header(shape);
    AtomicFiles.writeStream(
        file,
        out -> {
          out.write(header);
          ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          buf.asFloatBuffer().put(data);
          out.write(buf.array());
        });
  }

  /** The magic, version 1.0, header length and the padded dict, a multiple of 64 bytes in all. */
  static byte[] header(long... shape) {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String tuple =
        shape.length == 1
            ? "(" + shape[0] + ",)"
            : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(10 + t.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) t.length);
    b.put(t);
    return b.array();
  }
}
