package dev.sure4j.cli.reliability;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes a safetensors file apart and puts it back together by hand (8-byte length, JSON header,
 * data), so that a test can break one field of a good file. Independent of the reader under test.
 *
 * @param header the header, {@code name -> {dtype, shape, data_offsets}}, in file order
 * @param data the bytes after the header
 */
record Safetensors(JsonObject header, byte[] data) {

  /** One tensor: its dtype, shape and bytes. */
  record Tensor(String dtype, long[] shape, byte[] bytes) {}

  static Safetensors read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonObject header =
        JsonParser.parseString(new String(b, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
    return new Safetensors(header, Arrays.copyOfRange(b, 8 + n, b.length));
  }

  /** The tensors, in header order, without {@code __metadata__}. */
  Map<String, Tensor> tensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    header.entrySet().stream()
        .filter(e -> !e.getKey().equals("__metadata__"))
        .forEach(
            e -> {
              JsonObject t = e.getValue().getAsJsonObject();
              JsonArray off = t.getAsJsonArray("data_offsets");
              JsonArray s = t.getAsJsonArray("shape");
              long[] shape = new long[s.size()];
              for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsLong();
              }
              out.put(
                  e.getKey(),
                  new Tensor(
                      t.get("dtype").getAsString(),
                      shape,
                      Arrays.copyOfRange(data, off.get(0).getAsInt(), off.get(1).getAsInt())));
            });
    return out;
  }

  /** Lays tensors out contiguously in map order. */
  static Safetensors of(Map<String, Tensor> tensors) {
    JsonObject header = new JsonObject();
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      JsonObject t = new JsonObject();
      t.addProperty("dtype", e.getValue().dtype());
      JsonArray shape = new JsonArray();
      Arrays.stream(e.getValue().shape()).forEach(shape::add);
      t.add("shape", shape);
      JsonArray off = new JsonArray();
      off.add(data.size());
      data.writeBytes(e.getValue().bytes());
      off.add(data.size());
      t.add("data_offsets", off);
      header.add(e.getKey(), t);
    }
    return new Safetensors(header, data.toByteArray());
  }

  /** The file's bytes, the header length telling the truth. */
  byte[] bytes() {
    return bytes(header.toString());
  }

  /** The file's bytes with any header text. */
  byte[] bytes(String headerText) {
    byte[] h = headerText.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(h.length)
        .put(h)
        .put(data)
        .array();
  }
}
