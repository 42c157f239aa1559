package dev.sure4j.adapters.testing;

import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The property the fuzz targets of the tensor file readers check of a file they accept. */
public final class FuzzTensorFiles {

  private FuzzTensorFiles() {}

  /**
   * Reads every tensor of an accepted file whole; throws {@link AssertionError} (a finding) for a
   * tensor whose byte length is not its element count times its dtype's size, whose extent lies
   * past the file's end, or that reads back with another number of bytes.
   *
   * @param reader the opened file
   * @param extent the byte offset the tensor must not pass: its end for a reader that knows the
   *     tensor's position, its length otherwise
   * @param fileLength the file's length in bytes
   * @param outside the finding's text for a tensor past the file, e.g. "a tensor outside the file"
   * @throws IOException when the reader refuses a tensor (a documented outcome)
   */
  public static void readEvery(
      TensorFile reader, ToLongFunction<TensorInfo> extent, long fileLength, String outside)
      throws IOException {
    for (Map.Entry<String, TensorInfo> e : reader.tensors().entrySet()) {
      TensorInfo t = e.getValue();
      if (t.byteLength() != t.elementCount() * t.dtype().byteSize()
          || extent.applyAsLong(t) > fileLength) {
        throw new AssertionError(outside + ": " + t);
      }
      ByteBuffer raw = reader.readRaw(e.getKey());
      if (raw.remaining() != t.byteLength()) {
        throw new AssertionError("read " + raw.remaining() + " bytes of " + t);
      }
      reader.readFloats(e.getKey());
    }
  }
}
