package dev.sure4j.examples.encode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files of little-endian float32 ({@code <f4}) or float64 ({@code <f8}) in
 * C order, format versions 1.0 to 3.0, the files {@link NpyWriter} and {@code numpy.save} write.
 */
public final class NpyReader {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /**
   * A float32 array.
   *
   * @param shape the dimensions
   * @param data the values in C order
   */
  public record Array(long[] shape, float[] data) {}

  private NpyReader() {}

  /**
   * Reads a file.
   *
   * @param file a {@code .npy} file
   * @return its shape and values (float64 is narrowed to float32)
   * @throws IOException if the file cannot be read or is not a C-order float32/float64 array (the
   *     message names the file and its header)
   */
  public static Array read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 10
        || b[0] != (byte) 0x93
        || !new String(b, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(file + ": not a .npy file");
    }
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int version = b[6];
    int headerLen = version == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
    int start = version == 1 ? 10 : 12;
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    boolean f4 = header.contains("'<f4'");
    if (!(f4 || header.contains("'<f8'")) || header.contains("'fortran_order': True")) {
      throw new IOException(file + ": expected a C-order <f4 or <f8 array, header " + header);
    }
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new IOException(file + ": no shape in header " + header);
    }
    long[] shape =
        Arrays.stream(m.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    long n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    int width = f4 ? 4 : 8;
    if (b.length - start - headerLen < n * width) {
      throw new IOException(
          file + ": shape " + Arrays.toString(shape) + " needs " + n * width + " data bytes");
    }
    float[] data = new float[Math.toIntExact(n)];
    buf.position(start + headerLen);
    for (int i = 0; i < data.length; i++) {
      data[i] = f4 ? buf.getFloat() : (float) buf.getDouble();
    }
    return new Array(shape, data);
  }
}
