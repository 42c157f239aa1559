package dev.sure4j.speech.loading;

import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal safetensors reader: the header is parsed once, each tensor is read on demand with
 * positional reads, so a large checkpoint is never held in memory as a whole. Floating-point
 * tensors (F32, F16, BF16, F64) are returned as float32.
 *
 * <p>Kept private to this package until adapters-core has a shared reader.
 */
final class SafetensorsFile {

  /** Largest header accepted, as the reference implementation does. */
  private static final long MAX_HEADER = 100L << 20;

  /** One tensor of the file. */
  record Entry(Path file, String name, String dtype, long[] shape, long begin, long end) {

    long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    String shapeString() {
      return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
  }

  private final Path path;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private SafetensorsFile(Path path, long dataStart, Map<String, Entry> entries) {
    this.path = path;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  /**
   * Reads and checks the header of a file.
   *
   * @param path the file
   * @return the file's tensors
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and tensor when the header is malformed
   */
  static SafetensorsFile open(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer lenBuf = readFully(ch, 0, 8, path);
      long headerLength = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
        throw new IllegalArgumentException(
            path
                + ": not a safetensors file (header length "
                + headerLength
                + ", size "
                + size
                + ")");
      }
      ByteBuffer header = readFully(ch, 8, (int) headerLength, path);
      String json = StandardCharsets.UTF_8.decode(header).toString();
      JsonObject root;
      try {
        root = JsonParser.parseString(json).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new IllegalArgumentException(path + ": malformed safetensors header", e);
      }
      long dataStart = 8 + headerLength;
      long dataSize = size - dataStart;
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : root.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        entries.put(e.getKey(), entry(path, e.getKey(), e.getValue(), dataSize));
      }
      return new SafetensorsFile(path, dataStart, ImmutableMap.copyOf(entries));
    }
  }

  private static Entry entry(Path path, String name, JsonElement value, long dataSize) {
    try {
      JsonObject o = value.getAsJsonObject();
      String dtype = o.get("dtype").getAsString();
      long[] shape = new long[o.getAsJsonArray("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = o.getAsJsonArray("shape").get(i).getAsLong();
      }
      long begin = o.getAsJsonArray("data_offsets").get(0).getAsLong();
      long end = o.getAsJsonArray("data_offsets").get(1).getAsLong();
      Entry entry = new Entry(path, name, dtype, shape, begin, end);
      int width = width(dtype);
      if (begin < 0 || end < begin || end > dataSize) {
        throw new IllegalArgumentException(
            path
                + ": tensor "
                + name
                + " has data offsets ["
                + begin
                + ", "
                + end
                + "] outside the "
                + dataSize
                + " data bytes");
      }
      if (width > 0 && entry.numel() * width != end - begin) {
        throw new IllegalArgumentException(
            path
                + ": tensor "
                + name
                + " "
                + dtype
                + " "
                + entry.shapeString()
                + " needs "
                + entry.numel() * width
                + " bytes but has "
                + (end - begin));
      }
      return entry;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(path + ": malformed header entry for " + name, e);
    }
  }

  /** Bytes per element of a dtype, or 0 when the dtype is not one of the float types read here. */
  static int width(String dtype) {
    return switch (dtype) {
      case "F64", "I64" -> 8;
      case "F32", "I32" -> 4;
      case "F16", "BF16", "I16" -> 2;
      case "I8", "U8", "BOOL" -> 1;
      default -> 0;
    };
  }

  /**
   * Tells whether a dtype can be read as float32.
   *
   * @param dtype the safetensors dtype
   * @return true for F32, F16, BF16, F64
   */
  static boolean isFloat(String dtype) {
    return switch (dtype) {
      case "F32", "F16", "BF16", "F64" -> true;
      default -> false;
    };
  }

  Path path() {
    return path;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /**
   * Reads a floating-point tensor as float32, in row-major order.
   *
   * @param e a tensor of this file
   * @return the values
   * @throws IOException when the file cannot be read
   */
  float[] readFloats(Entry e) throws IOException {
    if (!isFloat(e.dtype())) {
      throw new IllegalArgumentException(
          path + ": tensor " + e.name() + " has dtype " + e.dtype() + ", not a float type");
    }
    long bytes = e.end() - e.begin();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path + ": tensor " + e.name() + " is larger than 2 GB");
    }
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      buf = readFully(ch, dataStart + e.begin(), (int) bytes, path).order(ByteOrder.LITTLE_ENDIAN);
    }
    int n = (int) e.numel();
    float[] out = new float[n];
    switch (e.dtype()) {
      case "F32" -> buf.asFloatBuffer().get(out);
      case "F64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) buf.getDouble();
        }
      }
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(buf.getShort());
        }
      }
    }
    return out;
  }

  /**
   * Reads an integer tensor (I64, I32, I16) as longs.
   *
   * @param e a tensor of this file
   * @return the values
   * @throws IOException when the file cannot be read
   */
  long[] readLongs(Entry e) throws IOException {
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      buf =
          readFully(ch, dataStart + e.begin(), (int) (e.end() - e.begin()), path)
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    long[] out = new long[(int) e.numel()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (e.dtype()) {
            case "I64" -> buf.getLong();
            case "I32" -> buf.getInt();
            case "I16" -> buf.getShort();
            default ->
                throw new IllegalArgumentException(
                    path
                        + ": tensor "
                        + e.name()
                        + " has dtype "
                        + e.dtype()
                        + ", not an integer type");
          };
    }
    return out;
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length, Path path)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IllegalArgumentException(path + ": truncated at byte " + pos);
      }
      pos += n;
    }
    buf.flip();
    return buf;
  }
}
