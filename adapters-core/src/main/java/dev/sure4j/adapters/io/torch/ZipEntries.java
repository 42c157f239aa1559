package dev.sure4j.adapters.io.torch;

import dev.sure4j.adapters.io.FileReads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip file, read without reading the entries: each entry's name,
 * compression method, sizes and the file position of its data. Zip64 sizes and offsets (files or
 * entries over 4 GB) are understood. {@code torch.save} writes every entry {@code STORED}, so an
 * entry's data is a plain byte range of the file.
 */
final class ZipEntries {

  /** The compression method of an uncompressed entry. */
  static final int STORED = 0;

  /** The compression method of a deflated entry. */
  static final int DEFLATED = 8;

  private static final int EOCD = 0x06054b50;
  private static final int EOCD64 = 0x06064b50;
  private static final int EOCD64_LOCATOR = 0x07064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;
  private static final int EOCD_SIZE = 22;
  private static final int MAX_COMMENT = 0xffff;
  private static final long MAX_DIRECTORY = 256L * 1024 * 1024;

  /**
   * One entry.
   *
   * @param name the entry's path in the archive
   * @param method {@link #STORED} or {@link #DEFLATED} (others are refused when read)
   * @param compressedSize the bytes stored in the file
   * @param size the bytes of the entry's content
   * @param localHeader the file position of the entry's local header
   */
  record Entry(String name, int method, long compressedSize, long size, long localHeader) {}

  private ZipEntries() {}

  /**
   * Reads the central directory.
   *
   * @param ch the open file
   * @param file its name, for messages
   * @return the entries by name, in directory order
   * @throws IOException when the file is not a zip or is truncated, naming the file
   */
  static Map<String, Entry> read(FileChannel ch, Path file) throws IOException {
    long size = ch.size();
    int tail = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
    ByteBuffer end = read(ch, size - tail, tail, file);
    int at = -1;
    for (int i = tail - EOCD_SIZE; i >= 0 && at < 0; i--) {
      if (end.getInt(i) == EOCD) {
        at = i;
      }
    }
    if (at < 0) {
      throw new IOException(
          file + ": not a complete zip file (no end-of-central-directory record; truncated?)");
    }
    long count = end.getShort(at + 10) & 0xffff;
    long dirSize = end.getInt(at + 12) & 0xffffffffL;
    long dirStart = end.getInt(at + 16) & 0xffffffffL;
    long eocdPos = size - tail + at;
    if ((count == 0xffff || dirStart == 0xffffffffL) && eocdPos >= 20) {
      ByteBuffer loc = read(ch, eocdPos - 20, 20, file);
      if (loc.getInt(0) == EOCD64_LOCATOR) {
        ByteBuffer e64 = read(ch, checkPosition(loc.getLong(8), 56, size, file), 56, file);
        if (e64.getInt(0) != EOCD64) {
          throw new IOException(file + ": corrupt zip64 end-of-central-directory record");
        }
        count = e64.getLong(32);
        dirSize = e64.getLong(40);
        dirStart = e64.getLong(48);
      }
    }
    // zip64 sizes are 8-byte fields: a negative one is as corrupt as one past the end
    if (dirSize < 0 || dirStart < 0 || dirSize > MAX_DIRECTORY || dirStart + dirSize > eocdPos) {
      throw new IOException(
          String.format(
              "%s: zip central directory [%d, +%d) does not fit a file of %d bytes (truncated?)",
              file, dirStart, dirSize, size));
    }
    ByteBuffer dir = read(ch, dirStart, (int) dirSize, file);
    Map<String, Entry> out = new LinkedHashMap<>();
    int p = 0;
    for (long i = 0; i < count; i++) {
      if (p + 46 > dir.limit() || dir.getInt(p) != CENTRAL) {
        throw new IOException(file + ": corrupt zip central directory at entry " + i);
      }
      int nameLen = dir.getShort(p + 28) & 0xffff;
      int extraLen = dir.getShort(p + 30) & 0xffff;
      int commentLen = dir.getShort(p + 32) & 0xffff;
      if (p + 46 + nameLen + extraLen > dir.limit()) {
        throw new IOException(file + ": corrupt zip central directory at entry " + i);
      }
      byte[] nameBytes = new byte[nameLen];
      dir.get(p + 46, nameBytes);
      long[] fields = {
        dir.getInt(p + 24) & 0xffffffffL,
        dir.getInt(p + 20) & 0xffffffffL,
        dir.getInt(p + 42) & 0xffffffffL
      };
      zip64(dir, p + 46 + nameLen, extraLen, fields);
      if (fields[0] < 0 || fields[1] < 0 || fields[2] < 0) {
        throw new IOException(file + ": corrupt zip64 sizes or offset at entry " + i);
      }
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      out.put(
          name, new Entry(name, dir.getShort(p + 10) & 0xffff, fields[1], fields[0], fields[2]));
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  }

  /**
   * Returns the file position of an entry's data, after its local header, checking that the data
   * lies inside the file.
   *
   * @param ch the open file
   * @param e the entry
   * @param file its name, for messages
   * @return the position of the first data byte
   * @throws IOException when the local header is corrupt or the data runs past the end of the file
   */
  static long dataPosition(FileChannel ch, Entry e, Path file) throws IOException {
    long size = ch.size();
    ByteBuffer h = read(ch, checkPosition(e.localHeader(), 30, size, file), 30, file);
    if (h.getInt(0) != LOCAL) {
      throw new IOException(file + ": corrupt zip local header of entry " + e.name());
    }
    long data = e.localHeader() + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
    if (data + e.compressedSize() > size) {
      throw new IOException(
          String.format(
              "%s: zip entry %s needs bytes [%d, %d) but the file has %d (truncated)",
              file, e.name(), data, data + e.compressedSize(), size));
    }
    return data;
  }

  /** Replaces the 0xffffffff fields by their zip64 extra values, in the order zip64 stores them. */
  private static void zip64(ByteBuffer dir, int extra, int extraLen, long[] fields) {
    int q = extra;
    while (q + 4 <= extra + extraLen) {
      int id = dir.getShort(q) & 0xffff;
      int len = dir.getShort(q + 2) & 0xffff;
      if (id == 1) {
        int v = q + 4;
        for (int f = 0; f < fields.length; f++) {
          if (fields[f] == 0xffffffffL && v + 8 <= q + 4 + len) {
            fields[f] = dir.getLong(v);
            v += 8;
          }
        }
      }
      q += 4 + len;
    }
  }

  private static long checkPosition(long position, int length, long size, Path file)
      throws IOException {
    if (position < 0 || position + length > size) {
      throw new IOException(
          file + ": zip record at byte " + position + " is past the end of the file (truncated?)");
    }
    return position;
  }

  private static ByteBuffer read(FileChannel ch, long position, int length, Path file)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    FileReads.readFully(ch, b, position, file);
    return b.flip();
  }
}
