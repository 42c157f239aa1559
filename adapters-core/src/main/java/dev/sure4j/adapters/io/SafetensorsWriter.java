package dev.sure4j.adapters.io;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors to a safetensors file, atomically: the file is written to a temporary file
 * in the target's directory, forced to disk and renamed over the target, so readers see either the
 * old file or the complete new one.
 *
 * <pre>{@code
 * SafetensorsWriter.create()
 *     .add("lora_A.weight", new float[] {...}, new Shape(8, 768))
 *     .putMetadata("format", "pt")
 *     .write(path);
 * }</pre>
 *
 * <p>The header is padded with spaces to a multiple of 8 bytes, as the reference implementation
 * does, so the data of every float32 tensor is aligned. Tensors are written in insertion order
 * unless {@link #sortByName(boolean)} is set.
 */
public final class SafetensorsWriter {

  private final Map<String, Entry> tensors = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private boolean sorted;

  private record Entry(float[] data, Shape shape) {}

  private SafetensorsWriter() {}

  /**
   * Starts an empty file.
   *
   * @return a new writer
   */
  public static SafetensorsWriter create() {
    return new SafetensorsWriter();
  }

  /**
   * Adds a float32 tensor; the values are copied.
   *
   * @param name a new tensor name, not {@code __metadata__}
   * @param data the values in row-major order
   * @param shape the shape; its size must equal {@code data.length}
   * @return this writer
   */
  public SafetensorsWriter add(String name, float[] data, Shape shape) {
    checkArgument(name != null && !name.isEmpty(), "tensor name must not be empty");
    checkArgument(!name.equals("__metadata__"), "'__metadata__' is reserved");
    checkArgument(!tensors.containsKey(name), "tensor '%s' was already added", name);
    checkArgument(
        shape.size() == data.length,
        "tensor '%s': shape %s has %s elements but %s values were given",
        name,
        shape,
        shape.size(),
        data.length);
    tensors.put(name, new Entry(data.clone(), shape));
    return this;
  }

  /**
   * Adds an array's current values as float32 (other floating types are converted).
   *
   * @param name a new tensor name
   * @param array the array; it is not closed
   * @return this writer
   */
  public SafetensorsWriter add(String name, NDArray array) {
    float[] values;
    if (array.getDataType() == DataType.FLOAT32) {
      values = array.toFloatArray();
    } else {
      try (NDArray f = array.toType(DataType.FLOAT32, true)) {
        values = f.toFloatArray();
      }
    }
    return add(name, values, array.getShape());
  }

  /**
   * Adds an entry to {@code __metadata__}.
   *
   * @param key the key
   * @param value the value
   * @return this writer
   */
  public SafetensorsWriter putMetadata(String key, String value) {
    checkArgument(key != null && value != null, "metadata keys and values must not be null");
    metadata.put(key, value);
    return this;
  }

  /**
   * Writes tensors sorted by name instead of in insertion order (default false).
   *
   * @param sortByName whether to sort
   * @return this writer
   */
  public SafetensorsWriter sortByName(boolean sortByName) {
    this.sorted = sortByName;
    return this;
  }

  /**
   * Writes the file atomically (temporary file, then {@code ATOMIC_MOVE} over the target).
   *
   * @param file the target; its directory is created when missing
   * @throws IOException when writing or renaming fails; the target is then unchanged
   */
  public void write(Path file) throws IOException {
    List<String> names = new ArrayList<>(tensors.keySet());
    if (sorted) {
      names.sort(Comparator.naturalOrder());
    }
    byte[] header = header(names);
    AtomicFiles.write(
        file,
        ch -> {
          ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          len.putLong(header.length).flip();
          writeFully(ch, len);
          writeFully(ch, ByteBuffer.wrap(header));
          for (String n : names) {
            float[] d = tensors.get(n).data();
            ByteBuffer b = ByteBuffer.allocate(d.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(d);
            writeFully(ch, b);
          }
        });
  }

  private byte[] header(List<String> names) {
    JsonObject root = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach(meta::addProperty);
      root.add("__metadata__", meta);
    }
    long offset = 0;
    for (String n : names) {
      Entry e = tensors.get(n);
      JsonObject t = new JsonObject();
      t.addProperty("dtype", TensorDType.F32.name());
      JsonArray shape = new JsonArray();
      for (long d : e.shape().getShape()) {
        shape.add(d);
      }
      t.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += 4L * e.data().length;
      offsets.add(offset);
      t.add("data_offsets", offsets);
      root.add(n, t);
    }
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return padded;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
