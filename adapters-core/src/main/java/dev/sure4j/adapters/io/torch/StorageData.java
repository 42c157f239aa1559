package dev.sure4j.adapters.io.torch;

/**
 * Where one storage's raw little-endian bytes are in a checkpoint file.
 *
 * @param position the file position of the first byte, or -1 when the bytes are compressed
 * @param size the number of bytes
 * @param compressed the deflated zip entry holding them, or null when they are a plain byte range
 */
record StorageData(long position, long size, ZipEntries.Entry compressed) {}
