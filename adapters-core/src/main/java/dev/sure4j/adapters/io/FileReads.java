package dev.sure4j.adapters.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional reads from a file channel that fail with the file's name on a short file. */
public final class FileReads {

  private FileReads() {}

  /**
   * Fills {@code dst} from the channel, starting at {@code position}, without moving the channel's
   * own position (so concurrent reads are safe).
   *
   * @param channel an open channel
   * @param dst the buffer to fill from its position to its limit
   * @param position the file position of the first byte
   * @param file the file's name, for the error message
   * @throws IOException when the file ends before {@code dst} is full, naming the file and the byte
   */
  public static void readFully(FileChannel channel, ByteBuffer dst, long position, Path file)
      throws IOException {
    long at = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, at);
      if (n < 0) {
        throw new IOException(file + ": unexpected end of file at byte " + at);
      }
      at += n;
    }
  }
}
