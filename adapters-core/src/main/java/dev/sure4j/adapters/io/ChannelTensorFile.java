package dev.sure4j.adapters.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A {@link TensorFile} whose index is read when it is opened and whose tensor data is read later
 * through the one {@link FileChannel} it keeps open: what {@link SafetensorsReader} and the PyTorch
 * checkpoint reader share. Closing closes the channel.
 */
public abstract class ChannelTensorFile implements TensorFile {

  /** The file, for messages. */
  protected final Path file;

  /** The open channel, for positional reads of tensor data. */
  protected final FileChannel channel;

  private final Map<String, TensorInfo> tensors;

  /**
   * Wraps an opened file and its index.
   *
   * @param file the file
   * @param channel its open channel, owned by this reader from now on
   * @param tensors every tensor by name, immutable, in file order
   */
  protected ChannelTensorFile(Path file, FileChannel channel, Map<String, TensorInfo> tensors) {
    this.file = file;
    this.channel = channel;
    this.tensors = tensors;
  }

  /** Reads a file's index from its open channel and makes the reader. */
  @FunctionalInterface
  protected interface Opener<T extends ChannelTensorFile> {
    /**
     * Reads the index.
     *
     * @param channel the file's channel, positioned anywhere
     * @return the reader, which owns the channel
     * @throws IOException when the file is malformed or cannot be read
     */
    T open(FileChannel channel) throws IOException;
  }

  /**
   * Opens a file for reading and makes its reader; the channel is closed again when that fails.
   *
   * @param file the file
   * @param opener reads the index and makes the reader
   * @param <T> the reader type
   * @return the reader; close it when done
   * @throws IOException when the file cannot be opened, or as the opener
   */
  protected static <T extends ChannelTensorFile> T openChannel(Path file, Opener<T> opener)
      throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return opener.open(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Returns the file this reader reads.
   *
   * @return the path
   */
  @Override
  public Path file() {
    return file;
  }

  /**
   * Returns every tensor's index entry by name, in file order.
   *
   * @return an immutable map
   */
  @Override
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
