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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: its entries (duplicates refused), the {@code __metadata__}
 * strings, each tensor's dtype, shape and data offsets, and the layout check that the tensors cover
 * the data area contiguously without overlap.
 */
final class SafetensorsHeader {

  private static final String METADATA = "__metadata__";

  private SafetensorsHeader() {}

  /**
   * Parses and validates a header.
   *
   * @param file the file, for messages
   * @param json the header
   * @param dataStart the file position of the data area
   * @param dataSize the bytes after the header
   * @param meta receives the metadata
   * @return the tensors by name, in header order
   * @throws IOException naming the file and tensor when the header is malformed
   */
  static Map<String, TensorInfo> parse(
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
}
