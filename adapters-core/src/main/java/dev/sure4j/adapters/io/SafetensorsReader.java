package dev.sure4j.adapters.io;

import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors file: an 8-byte little-endian header length {@code n}, {@code n} bytes of
 * JSON header ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}), then the tensor data.
 *
 * <p>Opening reads and validates only the header: its length against the file size, every dtype,
 * shape and offset pair, that {@code shape x dtype size} equals the byte length, and that the
 * tensors cover the data area contiguously without overlap. Tensor data is read lazily, one tensor
 * at a time, with positional {@link FileChannel} reads, so a 1.2 GB checkpoint never has to be in
 * memory at once. Every error names the file and, where one is involved, the tensor.
 *
 * <p>Tensors come back either as raw little-endian bytes ({@link #readRaw}) or converted to float32
 * ({@link #readFloats}, {@link #readArray}); see {@link TensorDType} for the conversions. Instances
 * are not thread-safe for concurrent {@link #close}, but reads may run concurrently.
 */
public final class SafetensorsReader implements TensorFile {

  /**
   * The built-in default of {@link InputLimits#maxHeaderBytes()}, the largest header accepted, as
   * in the reference implementation (100 MB).
   */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final String METADATA = "__metadata__";

  private final Path file;
  private final FileChannel channel;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsReader(
      Path file, FileChannel channel, Map<String, TensorInfo> tensors, Map<String, String> meta) {
    this.file = file;
    this.channel = channel;
    this.tensors = tensors;
    this.metadata = meta;
  }

  /**
   * Opens a file and validates its header.
   *
   * @param file a safetensors file
   * @return the reader; close it when done
   * @throws IOException when the file cannot be read, is truncated, or its header is malformed; the
   *     message names the file and the offending tensor
   */
  public static SafetensorsReader open(Path file) throws IOException {
    return open(file, InputLimits.defaults());
  }

  /**
   * Opens a file within given limits: its header's bytes ({@link InputLimits#maxHeaderBytes()}; the
   * header's JSON nesting is bounded by the default {@link InputLimits#maxJsonDepth()}).
   *
   * @param file a safetensors file
   * @param limits the limits
   * @return the reader; close it when done
   * @throws IOException as {@link #open(Path)}, and over a limit, in one line naming the file and
   *     the limit
   */
  public static SafetensorsReader open(Path file, InputLimits limits) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = ch.size();
      if (size < 8) {
        throw new IOException(file + ": not a safetensors file: " + size + " bytes, need >= 8");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      FileReads.readFully(ch, len, 0, file);
      long n = len.flip().getLong();
      if (n > limits.maxHeaderBytes() && 8 + n <= size) {
        throw new IOException(
            String.format(
                "%s: header of %d bytes, over the limit of %d (limit maxHeaderBytes)",
                file, n, limits.maxHeaderBytes()));
      }
      if (n < 2 || 8 + n > size) {
        throw new IOException(
            String.format(
                "%s: header length %d is invalid for a file of %d bytes (truncated or not a"
                    + " safetensors file)",
                file, n, size));
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      FileReads.readFully(ch, header, 8, file);
      String json = new String(header.array(), StandardCharsets.UTF_8);
      Map<String, String> meta = new LinkedHashMap<>();
      Map<String, TensorInfo> infos = parseHeader(file, json, 8 + n, size - 8 - n, meta);
      return new SafetensorsReader(file, ch, infos, ImmutableMap.copyOf(meta));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static Map<String, TensorInfo> parseHeader(
      Path file, String json, long dataStart, long dataSize, Map<String, String> meta)
      throws IOException {
    Map<String, TensorInfo> infos = new LinkedHashMap<>();
    boolean seenMetadata = false;
    for (Map.Entry<String, JsonElement> e : entries(file, json)) {
      String name = e.getKey();
      if (infos.containsKey(name) || (name.equals(METADATA) && seenMetadata)) {
        throw new IOException(
            file + ": tensor '" + JsonInput.oneLine(name) + "' appears twice in the header");
      }
      if (name.equals(METADATA)) {
        parseMetadata(file, e.getValue(), meta);
        seenMetadata = true;
      } else {
        infos.put(name, parseTensor(file, name, e.getValue(), dataStart));
      }
    }
    checkLayout(file, infos, dataStart, dataSize);
    return ImmutableMap.copyOf(infos);
  }

  /** Lists the header's top-level entries, duplicates kept, so that they can be reported. */
  private static List<Map.Entry<String, JsonElement>> entries(Path file, String json)
      throws IOException {
    List<Map.Entry<String, JsonElement>> out = new ArrayList<>();
    try (JsonReader r = new JsonReader(new StringReader(json))) {
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        JsonElement value = JsonParser.parseReader(r);
        JsonInput.checkDepth(value, "tensor '" + JsonInput.oneLine(name) + "'");
        out.add(Map.entry(name, value));
      }
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new IOException("content after the header object");
      }
    } catch (JsonParseException
        | IllegalArgumentException
        | IllegalStateException
        | IOException e) {
      // Gson appends a troubleshooting link on a second line: keep the message to one line
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IOException(file + ": malformed safetensors header: " + why, e);
    }
    return out;
  }

  private static void parseMetadata(Path file, JsonElement value, Map<String, String> meta)
      throws IOException {
    if (!value.isJsonObject()) {
      throw new IOException(file + ": __metadata__ must be an object of strings: " + value);
    }
    for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
      JsonElement v = e.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new IOException(
            file
                + ": __metadata__ value of '"
                + JsonInput.oneLine(e.getKey())
                + "' is not a string: "
                + v);
      }
      meta.put(e.getKey(), v.getAsString());
    }
  }

  private static TensorInfo parseTensor(Path file, String name, JsonElement value, long dataStart)
      throws IOException {
    String where = file + ": tensor '" + JsonInput.oneLine(name) + "': ";
    if (!value.isJsonObject()) {
      throw new IOException(where + "header entry is not an object: " + value);
    }
    JsonObject o = value.getAsJsonObject();
    TensorDType dtype;
    try {
      dtype = TensorDType.valueOf(o.get("dtype").getAsString());
    } catch (RuntimeException e) {
      throw new IOException(where + "unsupported or missing dtype " + o.get("dtype"), e);
    }
    long[] dims = longs(where + "shape", o.get("shape"), -1);
    long[] offsets = longs(where + "data_offsets", o.get("data_offsets"), 2);
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IOException(where + "negative dimension in shape " + o.get("shape"));
      }
      try {
        count = Math.multiplyExact(count, d);
      } catch (ArithmeticException e) {
        throw new IOException(where + "shape " + o.get("shape") + " is too large", e);
      }
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (begin < 0 || end < begin) {
      throw new IOException(where + "invalid data_offsets [" + begin + ", " + end + "]");
    }
    long expected;
    try {
      expected = Math.multiplyExact(count, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new IOException(where + "shape " + o.get("shape") + " is too large", e);
    }
    if (end - begin != expected) {
      throw new IOException(
          String.format(
              "%sshape %s x %s (%d bytes each) is %d bytes but data_offsets [%d, %d] hold %d",
              where, o.get("shape"), dtype, dtype.byteSize(), expected, begin, end, end - begin));
    }
    return new TensorInfo(name, dtype, new Shape(dims), dataStart + begin, end - begin);
  }

  private static long[] longs(String what, JsonElement e, int length) throws IOException {
    if (e == null || !e.isJsonArray()) {
      throw new IOException(what + " is missing or not an array: " + e);
    }
    JsonArray a = e.getAsJsonArray();
    if (length >= 0 && a.size() != length) {
      throw new IOException(what + " must have " + length + " entries: " + a);
    }
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = a.get(i).getAsJsonPrimitive().getAsBigDecimal().longValueExact();
      } catch (RuntimeException ex) {
        throw new IOException(what + " must hold integers: " + a, ex);
      }
    }
    return out;
  }

  private static void checkLayout(
      Path file, Map<String, TensorInfo> infos, long dataStart, long dataSize) throws IOException {
    List<TensorInfo> sorted = new ArrayList<>(infos.values());
    sorted.sort(Comparator.comparingLong(TensorInfo::position));
    long next = 0;
    String previous = null;
    for (TensorInfo t : sorted) {
      long begin = t.position() - dataStart;
      long end = begin + t.byteLength();
      if (begin != next) {
        throw new IOException(
            String.format(
                "%s: tensor '%s' starts at data offset %d but %s; tensors must be contiguous"
                    + " and must not overlap",
                file,
                JsonInput.oneLine(t.name()),
                begin,
                previous == null
                    ? "the data starts at 0"
                    : "'" + JsonInput.oneLine(previous) + "' ends at " + next));
      }
      if (end > dataSize) {
        throw new IOException(
            String.format(
                "%s: tensor '%s' needs data bytes [%d, %d) but the file holds only %d data bytes"
                    + " (truncated file)",
                file, JsonInput.oneLine(t.name()), begin, end, dataSize));
      }
      next = end;
      previous = t.name();
    }
    if (next != dataSize) {
      throw new IOException(
          String.format(
              "%s: %d data bytes follow the header but the tensors cover %d (trailing bytes or"
                  + " a corrupt header)",
              file, dataSize, next));
    }
  }

  /**
   * Returns the file this reader reads.
   *
   * @return the path
   */
  @Override
  public Path file() {
    return file;
  }

  /**
   * Returns the tensor names, in header order.
   *
   * @return an immutable set
   */
  public Set<String> names() {
    return tensors.keySet();
  }

  /**
   * Returns every tensor's header entry by name, in header order.
   *
   * @return an immutable map
   */
  @Override
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /**
   * Returns the {@code __metadata__} map, empty when the file has none.
   *
   * @return an immutable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Reads one tensor's bytes as stored.
   *
   * @param name a tensor name
   * @return a little-endian buffer of {@link TensorInfo#byteLength()} bytes
   * @throws IOException when reading fails; the message names the file and tensor
   */
  @Override
  public ByteBuffer readRaw(String name) throws IOException {
    TensorInfo t = info(name);
    if (t.byteLength() > Integer.MAX_VALUE - 8) {
      throw new IOException(
          file
              + ": tensor '"
              + JsonInput.oneLine(name)
              + "' has "
              + t.byteLength()
              + " bytes, over the 2 GB limit");
    }
    ByteBuffer b = ByteBuffer.allocate((int) t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
    try {
      FileReads.readFully(channel, b, t.position(), file);
    } catch (IOException e) {
      throw new IOException(
          file + ": cannot read tensor '" + JsonInput.oneLine(name) + "': " + e.getMessage(), e);
    }
    return b.flip();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
