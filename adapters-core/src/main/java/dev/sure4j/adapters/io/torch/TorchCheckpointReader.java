package dev.sure4j.adapters.io.torch;

import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableMap;
import dev.sure4j.adapters.io.FileReads;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch checkpoint written by {@code torch.save} (PyTorch 1.6 and later), such as a
 * Hugging Face {@code pytorch_model.bin}, without Python and without running anything from it.
 *
 * <p>The file is a zip: {@code <archive>/data.pkl} pickles the state dict, each tensor's elements
 * are the raw little-endian entry {@code <archive>/data/<key>} of its storage, and {@code
 * <archive>/byteorder}, when present, says {@code little}. Opening reads the zip's central
 * directory and {@code data.pkl} only, through a {@link RestrictedUnpickler} that accepts the
 * {@link TorchGlobal} allowlist and refuses every other global by name. Every tensor's storage
 * entry, element type, size and strides are checked then; the tensor data is read later, one tensor
 * at a time, by positional reads of the storage entry (entries are stored uncompressed by {@code
 * torch.save}; a deflated entry is inflated as a stream), so a 1.2 GB checkpoint is never in memory
 * at once.
 *
 * <p>Tensors come back row-major whatever their strides: a transposed or sliced view, or several
 * tensors sharing one storage, read as PyTorch sees them. Their {@link TensorInfo#position()} is
 * the file position of their first element. float16 and bfloat16 values are kept as stored by
 * {@link #readRaw} and converted exactly to float32 by {@link #readFloats}. The legacy pre-1.6
 * format (a bare pickle stream) is refused with a message saying how to re-save the file.
 */
public final class TorchCheckpointReader implements TensorFile {

  /** The largest {@code data.pkl} accepted (64 MB; a large model's is about 1 MB). */
  public static final int MAX_PICKLE_BYTES = 64 * 1024 * 1024;

  private static final int ZIP_MAGIC = 0x04034b50;

  private final Path file;
  private final FileChannel channel;
  private final Map<String, TensorInfo> infos;
  private final Map<String, Located> located;

  /** A tensor with its storage's zip entry and that entry's data position. */
  private record Located(TorchTensor tensor, ZipEntries.Entry entry, long dataPosition) {}

  private TorchCheckpointReader(
      Path file, FileChannel channel, Map<String, TensorInfo> infos, Map<String, Located> located) {
    this.file = file;
    this.channel = channel;
    this.infos = infos;
    this.located = located;
  }

  /**
   * Opens a checkpoint: reads its zip directory and state-dict pickle and checks every tensor.
   *
   * @param file a {@code torch.save} file
   * @return the reader; close it when done
   * @throws IOException when the file cannot be read, is truncated, is not a zip-format {@code
   *     torch.save} file, names a global off the allowlist, or holds something other than tensors;
   *     the message names the file and the tensor or global
   */
  public static TorchCheckpointReader open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      checkMagic(ch, file);
      Map<String, ZipEntries.Entry> entries = ZipEntries.read(ch, file);
      String archive = archive(entries, file);
      ZipEntries.Entry order = entries.get(archive + "byteorder");
      if (order != null) {
        String o = new String(readEntry(ch, file, order, 0, 16).array(), StandardCharsets.UTF_8);
        if (!o.strip().equals("little")) {
          throw new IOException(file + ": byteorder is '" + o.strip() + "'; only little is read");
        }
      }
      ZipEntries.Entry pkl = entries.get(archive + "data.pkl");
      if (pkl.size() > MAX_PICKLE_BYTES) {
        throw new IOException(file + ": data.pkl has " + pkl.size() + " bytes, over the limit");
      }
      byte[] pickle = readEntry(ch, file, pkl, 0, (int) pkl.size()).array();
      Object root = RestrictedUnpickler.load(pickle, file + ": " + pkl.name());
      if (!(root instanceof Map<?, ?> dict)) {
        throw new IOException(file + ": data.pkl holds " + root + ", not a state dict");
      }
      Map<String, TensorInfo> infos = new LinkedHashMap<>();
      Map<String, Located> located = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : dict.entrySet()) {
        if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof TorchTensor t)) {
          throw new IOException(
              file + ": state dict entry '" + e.getKey() + "' is not a tensor: " + e.getValue());
        }
        Located l = locate(ch, file, entries, archive, name, t);
        located.put(name, l);
        int size = t.storage().dtype().byteSize();
        infos.put(
            name,
            new TensorInfo(
                name,
                t.storage().dtype(),
                new Shape(t.shape()),
                l.dataPosition() < 0 ? -1 : l.dataPosition() + t.offset() * size,
                t.elementCount() * size));
      }
      return new TorchCheckpointReader(
          file, ch, ImmutableMap.copyOf(infos), ImmutableMap.copyOf(located));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void checkMagic(FileChannel ch, Path file) throws IOException {
    if (ch.size() < 4) {
      throw new IOException(file + ": not a torch.save file: " + ch.size() + " bytes");
    }
    ByteBuffer magic = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    FileReads.readFully(ch, magic, 0, file);
    int m = magic.flip().getInt();
    if ((m & 0xff) == 0x80) {
      throw new IOException(
          file
              + ": legacy (pre-1.6) torch.save format, which is not read; re-save it with PyTorch"
              + " >= 1.6 (torch.save(torch.load(f), f)) or convert it to safetensors");
    }
    if (m != ZIP_MAGIC) {
      throw new IOException(file + ": not a torch.save file (no zip header)");
    }
  }

  /** Finds the one {@code <archive>/data.pkl} and returns {@code "<archive>/"}. */
  private static String archive(Map<String, ZipEntries.Entry> entries, Path file)
      throws IOException {
    String found = null;
    for (String name : entries.keySet()) {
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
        if (found != null) {
          throw new IOException(file + ": two state-dict pickles, " + found + " and " + name);
        }
        found = name.substring(0, slash + 1);
      }
    }
    if (found == null) {
      throw new IOException(file + ": no <archive>/data.pkl entry; not a torch.save checkpoint");
    }
    return found;
  }

  private static Located locate(
      FileChannel ch,
      Path file,
      Map<String, ZipEntries.Entry> entries,
      String archive,
      String name,
      TorchTensor t)
      throws IOException {
    String where = file + ": tensor '" + name + "' (" + t + "): ";
    TorchStorage s = t.storage();
    ZipEntries.Entry entry = entries.get(archive + "data/" + s.key());
    if (entry == null) {
      throw new IOException(where + "storage entry " + archive + "data/" + s.key() + " is missing");
    }
    long elementSize = s.dtype().byteSize();
    long needed;
    try {
      needed = Math.addExact(t.offset(), t.span());
    } catch (ArithmeticException e) {
      throw new IOException(where + "its size and strides overflow", e);
    }
    if (entry.size() != s.elements() * elementSize || needed > s.elements()) {
      throw new IOException(
          String.format(
              "%sneeds storage elements [0, %d) of a storage declared with %d elements of %d"
                  + " bytes, stored in %d bytes",
              where, needed, s.elements(), elementSize, entry.size()));
    }
    long position =
        entry.method() == ZipEntries.STORED ? ZipEntries.dataPosition(ch, entry, file) : -1;
    return new Located(t, entry, position);
  }

  /** Reads {@code length} bytes of an entry's content from {@code skip} on. */
  private static ByteBuffer readEntry(
      FileChannel ch, Path file, ZipEntries.Entry e, long skip, int length) throws IOException {
    int n = (int) Math.min(length, e.size() - skip);
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    if (e.method() == ZipEntries.STORED) {
      FileReads.readFully(ch, b, ZipEntries.dataPosition(ch, e, file) + skip, file);
      return b.flip();
    }
    if (e.method() != ZipEntries.DEFLATED) {
      throw new IOException(file + ": zip entry " + e.name() + " uses compression " + e.method());
    }
    try (ZipFile zip = new ZipFile(file.toFile());
        InputStream in = zip.getInputStream(zip.getEntry(e.name()))) {
      in.skipNBytes(skip);
      b.put(in.readNBytes(n));
    } catch (java.util.zip.ZipException | java.io.EOFException ex) {
      throw new IOException(file + ": cannot inflate " + e.name() + ": " + ex.getMessage(), ex);
    }
    if (b.hasRemaining()) {
      throw new IOException(file + ": zip entry " + e.name() + " is shorter than its header says");
    }
    return b.flip();
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public Map<String, TensorInfo> tensors() {
    return infos;
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
      if (l.dataPosition() >= 0) {
        span = ByteBuffer.allocate((int) spanBytes).order(ByteOrder.LITTLE_ENDIAN);
        FileReads.readFully(channel, span, info.position(), file);
        span.flip();
      } else {
        span = readEntry(channel, file, l.entry(), t.offset() * size, (int) spanBytes);
      }
      return t.contiguous() ? span : t.gather(span, size);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read tensor '" + name + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
