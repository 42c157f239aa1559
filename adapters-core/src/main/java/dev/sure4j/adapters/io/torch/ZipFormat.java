package dev.sure4j.adapters.io.torch;

import dev.sure4j.adapters.io.FileReads;
import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The zip format of {@code torch.save} (PyTorch 1.6 and later): {@code <archive>/data.pkl}, the
 * storages as {@code <archive>/data/<key>}, and an optional {@code <archive>/byteorder}.
 */
final class ZipFormat {

  private ZipFormat() {}

  /**
   * Reads the zip directory and the state-dict pickle, and locates every storage entry.
   *
   * @param ch the open file
   * @param file its name, for messages
   * @param limits the largest {@code data.pkl} accepted and the pickle's budgets
   * @return the state dict and its storages
   * @throws IOException when the file is truncated, not a {@code torch.save} zip, big-endian, or
   *     its pickle is refused
   */
  static ParsedCheckpoint read(FileChannel ch, Path file, InputLimits limits) throws IOException {
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
    if (pkl.size() > limits.maxPickleBytes()) {
      throw new IOException(
          String.format(
              "%s: data.pkl has %d bytes, over the limit of %d (limit maxPickleBytes)",
              file, pkl.size(), limits.maxPickleBytes()));
    }
    byte[] pickle = readEntry(ch, file, pkl, 0, (int) pkl.size()).array();
    Object root = RestrictedUnpickler.load(pickle, file + ": " + pkl.name(), limits);
    Map<String, StorageData> storages = new LinkedHashMap<>();
    String data = archive + "data/";
    for (ZipEntries.Entry e : entries.values()) {
      if (e.name().startsWith(data)) {
        boolean stored = e.method() == ZipEntries.STORED;
        storages.put(
            e.name().substring(data.length()),
            new StorageData(
                stored ? ZipEntries.dataPosition(ch, e, file) : -1, e.size(), stored ? null : e));
      }
    }
    return new ParsedCheckpoint(root, storages);
  }

  /** Finds the one {@code <archive>/data.pkl} and returns {@code "<archive>/"}. */
  private static String archive(Map<String, ZipEntries.Entry> entries, Path file)
      throws IOException {
    String found = null;
    for (String name : entries.keySet()) {
      int slash = name.indexOf('/');
      if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
        if (found != null) {
          throw new IOException(
              file
                  + ": two state-dict pickles, "
                  + PickleText.printable(found + "data.pkl and " + name));
        }
        found = name.substring(0, slash + 1);
      }
    }
    if (found == null) {
      throw new IOException(file + ": no <archive>/data.pkl entry; not a torch.save checkpoint");
    }
    return found;
  }

  /**
   * Reads part of an entry's content, stored or deflated.
   *
   * @param ch the open file
   * @param file its name, for messages
   * @param e the entry
   * @param skip the content bytes to skip
   * @param length the bytes wanted; fewer when the entry ends first
   * @return a little-endian buffer of the bytes read
   * @throws IOException when reading or inflating fails
   */
  static ByteBuffer readEntry(FileChannel ch, Path file, ZipEntries.Entry e, long skip, int length)
      throws IOException {
    int n = (int) Math.min(length, e.size() - skip);
    String entry = PickleText.printable(e.name());
    if (e.method() == ZipEntries.STORED) {
      ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
      FileReads.readFully(ch, b, ZipEntries.dataPosition(ch, e, file) + skip, file);
      return b.flip();
    }
    if (e.method() != ZipEntries.DEFLATED) {
      throw new IOException(file + ": zip entry " + entry + " uses compression " + e.method());
    }
    byte[] bytes;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry z = zip.getEntry(e.name());
      if (z == null) {
        throw new IOException(file + ": zip entry " + entry + " cannot be opened");
      }
      try (InputStream in = zip.getInputStream(z)) {
        in.skipNBytes(skip);
        bytes = in.readNBytes(n); // grows with what is really there, not with the header's claim
      }
    } catch (java.util.zip.ZipException | java.io.EOFException ex) {
      throw new IOException(file + ": cannot inflate " + entry + ": " + ex.getMessage(), ex);
    }
    if (bytes.length < n) {
      throw new IOException(file + ": zip entry " + entry + " is shorter than its header says");
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
