package dev.sure4j.adapters.testing;

import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The property the fuzz targets of the tensor file readers check of a file they accept. */
public final class FuzzTensorFiles {

  private FuzzTensorFiles() {}

  /** Opens a tensor file, as a reader's {@code open(Path)} does. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens the file.
     *
     * @param file the file holding the fuzzer's input
     * @return the reader; the caller closes it
     * @throws IOException when the reader refuses the file (a documented outcome)
     */
    TensorFile open(Path file) throws IOException;
  }

  /**
   * Writes the input to the fuzz file, opens it and, when the reader accepts it, {@linkplain
   * #readEvery reads every tensor} whole, then closes the reader.
   *
   * @param file the fuzz file extension of the target's class
   * @param data the fuzzer's input, the file's whole content
   * @param opener opens the file
   * @param extent the byte offset a tensor must not pass, as in {@link #readEvery}
   * @param outside the finding's text for a tensor past the file
   * @throws IOException when the input cannot be written
   */
  public static void openAndReadEvery(
      FuzzFile file, byte[] data, Opener opener, ToLongFunction<TensorInfo> extent, String outside)
      throws IOException {
    file.read(
        data,
        path -> {
          try (TensorFile reader = opener.open(path)) {
            readEvery(reader, extent, data.length, outside);
          }
        });
  }

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
