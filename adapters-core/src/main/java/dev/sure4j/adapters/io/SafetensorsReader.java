package dev.sure4j.adapters.io;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
public final class SafetensorsReader extends ChannelTensorFile {

  /**
   * The built-in default of {@link InputLimits#maxHeaderBytes()}, the largest header accepted, as
   * in the reference implementation (100 MB).
   */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private final Map<String, String> metadata;

  private SafetensorsReader(
      Path file, FileChannel channel, Map<String, TensorInfo> tensors, Map<String, String> meta) {
    super(file, channel, tensors);
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
    return openChannel(
        file,
        ch -> {
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
          Map<String, TensorInfo> infos =
              SafetensorsHeader.parse(file, json, 8 + n, size - 8 - n, meta);
          return new SafetensorsReader(file, ch, infos, ImmutableMap.copyOf(meta));
        });
  }

  /**
   * Returns the tensor names, in header order.
   *
   * @return an immutable set
   */
  public Set<String> names() {
    return tensors().keySet();
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
}
