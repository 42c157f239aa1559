package dev.sure4j.adapters.io.torch;

import dev.sure4j.adapters.io.FileReads;
import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy format of {@code torch.save} (before PyTorch 1.6, or {@code
 * _use_new_zipfile_serialization=False}): five pickles in a row (the magic number {@code
 * 0x1950a86a20f9469cfc6c}, the protocol version 1001, a system-information dict, the state dict,
 * the list of storage keys), then each listed storage as an 8-byte little-endian element count
 * followed by its raw elements, in the list's order.
 */
final class LegacyFormat {

  private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final long PROTOCOL = 1001;
  private static final long FIRST_WINDOW = 1 << 20;

  private LegacyFormat() {}

  /**
   * Reads the pickles and locates every storage by walking their count headers. The pickles are
   * read from a window at the start of the file, 1 MB first and larger only when they need it.
   *
   * @param ch the open file
   * @param file its name, for messages
   * @param limits the most bytes the five pickles may take together ({@link
   *     InputLimits#maxPickleBytes()}) and each pickle's budgets
   * @return the state dict and its storages
   * @throws IOException when the file is truncated, not a legacy {@code torch.save} file,
   *     big-endian, its pickles are refused, or a storage's count disagrees with its pickle
   */
  static ParsedCheckpoint read(FileChannel ch, Path file, InputLimits limits) throws IOException {
    return read(ch, file, limits, FIRST_WINDOW);
  }

  /**
   * Reads as {@link #read(FileChannel, Path, InputLimits)}, with a given first window.
   *
   * @param ch the open file
   * @param file its name, for messages
   * @param limits the pickles' byte limit and budgets
   * @param firstWindow the bytes read first; multiplied by 4 until the pickles fit
   * @return the state dict and its storages
   * @throws IOException as {@link #read(FileChannel, Path, InputLimits)}
   */
  static ParsedCheckpoint read(FileChannel ch, Path file, InputLimits limits, long firstWindow)
      throws IOException {
    long size = ch.size();
    long limit = Math.min(size, limits.maxPickleBytes());
    Head head = null;
    for (long window = Math.min(limit, firstWindow); head == null; window *= 4) {
      ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(window, limit));
      FileReads.readFully(ch, bytes, 0, file);
      try {
        head = pickles(bytes.flip(), file, limits);
      } catch (TruncatedPickleException e) {
        if (bytes.capacity() >= limit && limit < size) {
          throw new IOException(
              String.format(
                  "%s: the pickles take more than %d bytes (limit maxPickleBytes)", file, limit),
              e);
        }
        if (bytes.capacity() >= limit) {
          throw e;
        }
      }
    }
    Object root = head.root();
    List<?> keys = head.keys();
    Map<String, TorchStorage> declared = new LinkedHashMap<>();
    for (TorchTensor t : ParsedCheckpoint.tensors(root, file).values()) {
      declared.put(t.storage().key(), t.storage());
    }
    Map<String, StorageData> storages = new LinkedHashMap<>();
    long at = head.end();
    for (Object k : keys) {
      TorchStorage s = declared.get(String.valueOf(k));
      if (s == null) {
        throw new IOException(
            file + ": storage " + PickleText.describe(k) + " is listed but no tensor uses it");
      }
      ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      FileReads.readFully(ch, count, at, file);
      long elements = count.flip().getLong();
      long bytes = elements * s.dtype().byteSize();
      if (elements != s.elements() || at + 8 + bytes > size) {
        throw new IOException(
            String.format(
                "%s: storage %s at byte %d holds %d elements, the pickle declares %d, and the"
                    + " file has %d bytes (truncated?)",
                file, k, at, elements, s.elements(), size));
      }
      storages.put(s.key(), new StorageData(at + 8, bytes, null));
      at += 8 + bytes;
    }
    return new ParsedCheckpoint(root, storages);
  }

  /** The five pickles, as far as the storages need them, and where the storages start. */
  private record Head(Object root, List<?> keys, long end) {}

  /** Reads the five pickles from the start of the file; throws if they run past {@code bytes}. */
  private static Head pickles(ByteBuffer bytes, Path file, InputLimits limits) throws IOException {
    String where = file + ": legacy torch.save pickle";
    Object magic = RestrictedUnpickler.loadNext(bytes, where, limits);
    if (!MAGIC.equals(magic)) {
      throw new IOException(
          file + ": a pickle, but not a torch.save file (it starts with " + magic + ")");
    }
    Object protocol = RestrictedUnpickler.loadNext(bytes, where, limits);
    if (!Long.valueOf(PROTOCOL).equals(protocol)) {
      throw new IOException(file + ": unsupported legacy torch.save protocol " + protocol);
    }
    if (RestrictedUnpickler.loadNext(bytes, where, limits) instanceof Map<?, ?> info
        && Boolean.FALSE.equals(info.get("little_endian"))) {
      throw new IOException(file + ": saved on a big-endian machine; only little-endian is read");
    }
    Object root = RestrictedUnpickler.loadNext(bytes, where, limits);
    if (!(RestrictedUnpickler.loadNext(bytes, where, limits) instanceof List<?> keys)) {
      throw new IOException(file + ": the legacy storage key list is missing");
    }
    return new Head(root, keys, bytes.position());
  }
}
