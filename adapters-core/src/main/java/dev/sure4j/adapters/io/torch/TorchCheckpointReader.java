package dev.sure4j.adapters.io.torch;

import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableMap;
import dev.sure4j.adapters.io.ChannelTensorFile;
import dev.sure4j.adapters.io.FileReads;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a PyTorch checkpoint written by {@code torch.save}, such as a Hugging Face {@code
 * pytorch_model.bin}, without Python and without running anything from it.
 *
 * <p>The file is a zip ({@link ZipFormat}): {@code <archive>/data.pkl} pickles the state dict, each
 * tensor's elements are the raw little-endian entry {@code <archive>/data/<key>} of its storage,
 * and {@code <archive>/byteorder}, when present, says {@code little}. Opening reads the zip's
 * central directory and {@code data.pkl} only, through a {@link RestrictedUnpickler} that accepts
 * the {@link TorchGlobal} allowlist and refuses every other global by name. Every tensor's storage
 * entry, element type, size and strides are checked then; the tensor data is read later, one tensor
 * at a time, by positional reads of the storage entry (entries are stored uncompressed by {@code
 * torch.save}; a deflated entry is inflated as a stream), so a 1.2 GB checkpoint is never in memory
 * at once.
 *
 * <p>Tensors come back row-major whatever their strides: a transposed or sliced view, or several
 * tensors sharing one storage, read as PyTorch sees them. Their {@link TensorInfo#position()} is
 * the file position of their first element. float16 and bfloat16 values are kept as stored by
 * {@link #readRaw} and converted exactly to float32 by {@link #readFloats}. The legacy format of
 * PyTorch before 1.6 ({@link LegacyFormat}: pickles followed by the storages) is read too. A tensor
 * that would read as more bytes than the file holds, or than {@link InputLimits#maxTensorBytes()},
 * is refused when the file is opened (a stride-0 view of a small storage, say), before anything is
 * gathered.
 */
public final class TorchCheckpointReader extends ChannelTensorFile {

  /**
   * The built-in default of {@link InputLimits#maxPickleBytes()}, the largest {@code data.pkl}
   * accepted (64 MB; a large model's is about 1 MB).
   */
  public static final int MAX_PICKLE_BYTES = 64 * 1024 * 1024;

  private static final int ZIP_MAGIC = 0x04034b50;
  private static final int PICKLE_PROTO = 0x80;

  private final Map<String, Located> located;

  /** A tensor with where its storage's bytes are. */
  private record Located(TorchTensor tensor, StorageData data) {}

  private TorchCheckpointReader(
      Path file, FileChannel channel, Map<String, TensorInfo> infos, Map<String, Located> located) {
    super(file, channel, infos);
    this.located = located;
  }

  /**
   * Opens a checkpoint: reads its zip directory and state-dict pickle and checks every tensor.
   *
   * @param file a {@code torch.save} file
   * @return the reader; close it when done
   * @throws IOException when the file cannot be read, is truncated, is not a {@code torch.save}
   *     file, names a global off the allowlist, or holds something other than tensors; the message
   *     names the file and the tensor or global
   */
  public static TorchCheckpointReader open(Path file) throws IOException {
    return open(file, InputLimits.defaults());
  }

  /**
   * Opens a checkpoint within given limits: its pickles' bytes, objects and nesting, and each
   * tensor's bytes ({@link InputLimits#maxPickleBytes()}, {@link InputLimits#maxPickleObjects()},
   * {@link InputLimits#maxPickleDepth()}, {@link InputLimits#maxTensorBytes()}).
   *
   * @param file a {@code torch.save} file
   * @param limits the limits
   * @return the reader; close it when done
   * @throws IOException as {@link #open(Path)}, and over a limit, in one line naming the file and
   *     the limit
   */
  public static TorchCheckpointReader open(Path file, InputLimits limits) throws IOException {
    return openChannel(
        file,
        ch -> {
          ParsedCheckpoint parsed =
              isLegacy(ch, file)
                  ? LegacyFormat.read(ch, file, limits)
                  : ZipFormat.read(ch, file, limits);
          Map<String, TensorInfo> infos = new LinkedHashMap<>();
          Map<String, Located> located = new LinkedHashMap<>();
          for (Map.Entry<String, TorchTensor> e :
              ParsedCheckpoint.tensors(parsed.root(), file).entrySet()) {
            String name = e.getKey();
            TorchTensor t = e.getValue();
            Located l = locate(file, ch.size(), parsed.storages(), name, t, limits);
            located.put(name, l);
            int size = t.storage().dtype().byteSize();
            infos.put(
                name,
                new TensorInfo(
                    name,
                    t.storage().dtype(),
                    new Shape(t.shape()),
                    l.data().position() < 0 ? -1 : l.data().position() + t.offset() * size,
                    t.elementCount() * size));
          }
          return new TorchCheckpointReader(
              file, ch, ImmutableMap.copyOf(infos), ImmutableMap.copyOf(located));
        });
  }

  /** Tells the legacy format (a pickle stream) from the zip format by the first bytes. */
  private static boolean isLegacy(FileChannel ch, Path file) throws IOException {
    if (ch.size() < 4) {
      throw new IOException(file + ": not a torch.save file: " + ch.size() + " bytes");
    }
    ByteBuffer magic = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    FileReads.readFully(ch, magic, 0, file);
    int m = magic.flip().getInt();
    if ((m & 0xff) == PICKLE_PROTO) {
      return true;
    }
    if (m != ZIP_MAGIC) {
      throw new IOException(file + ": not a torch.save file (neither a zip nor a pickle)");
    }
    return false;
  }

  private static Located locate(
      Path file,
      long fileSize,
      Map<String, StorageData> storages,
      String name,
      TorchTensor t,
      InputLimits limits)
      throws IOException {
    String where = file + ": tensor '" + name + "' (" + t + "): ";
    TorchStorage s = t.storage();
    StorageData data = storages.get(s.key());
    if (data == null) {
      throw new IOException(where + "the data of storage " + s.key() + " is missing");
    }
    long elementSize = s.dtype().byteSize();
    long needed;
    long declaredBytes;
    long bytes;
    try {
      needed = Math.addExact(t.offset(), t.span());
      declaredBytes = Math.multiplyExact(s.elements(), elementSize);
      bytes = Math.multiplyExact(t.elementCount(), elementSize);
    } catch (ArithmeticException e) {
      throw new IOException(where + "its size and strides overflow", e);
    }
    long bound = Math.min(limits.maxTensorBytes(), fileSize);
    if (bytes > bound) {
      // a view (stride 0, overlapping strides) can name far more elements than its storage holds
      throw new IOException(
          String.format(
              "%sreads as %d bytes, more than %s",
              where,
              bytes,
              bound == fileSize
                  ? "the file's " + fileSize + " bytes"
                  : "the limit of " + bound + " tensor bytes (limit maxTensorBytes)"));
    }
    if (data.size() != declaredBytes || needed > s.elements()) {
      throw new IOException(
          String.format(
              "%sneeds storage elements [0, %d) of a storage declared with %d elements of %d"
                  + " bytes, stored in %d bytes",
              where, needed, s.elements(), elementSize, data.size()));
    }
    return new Located(t, data);
  }

  @Override
  public ByteBuffer readRaw(String name) throws IOException {
    TensorInfo info = info(name);
    Located l = located.get(name);
    TorchTensor t = l.tensor();
    int size = info.dtype().byteSize();
    long spanBytes = t.span() * size;
    if (spanBytes > Integer.MAX_VALUE - 8 || info.byteLength() > Integer.MAX_VALUE - 8) {
      throw new IOException(file + ": tensor '" + name + "' spans over the 2 GB limit");
    }
    try {
      ByteBuffer span;
      if (l.data().compressed() == null) {
        span = ByteBuffer.allocate((int) spanBytes).order(ByteOrder.LITTLE_ENDIAN);
        FileReads.readFully(channel, span, info.position(), file);
        span.flip();
      } else {
        span =
            ZipFormat.readEntry(
                channel, file, l.data().compressed(), t.offset() * size, (int) spanBytes);
      }
      return t.contiguous() ? span : t.gather(span, size);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read tensor '" + name + "': " + e.getMessage(), e);
    }
  }
}
