package dev.sure4j.adapters.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file of named tensors that is read lazily, one tensor at a time: a safetensors file ({@link
 * SafetensorsReader}) or a PyTorch {@code torch.save} checkpoint ({@link
 * dev.sure4j.adapters.io.torch.TorchCheckpointReader}). Opening validates every tensor's entry;
 * reads then return row-major values.
 */
public interface TensorFile extends Closeable {

  /**
   * Returns the file this reader reads.
   *
   * @return the path
   */
  Path file();

  /**
   * Returns every tensor's entry by name, in the file's order.
   *
   * @return an immutable map
   */
  Map<String, TensorInfo> tensors();

  /**
   * Reads one tensor's elements as stored, in row-major order.
   *
   * @param name a tensor name
   * @return a little-endian buffer of {@code elementCount x dtype.byteSize()} bytes
   * @throws IOException when reading fails; the message names the file and tensor
   * @throws IllegalArgumentException when the file has no such tensor
   */
  ByteBuffer readRaw(String name) throws IOException;

  /**
   * Returns one tensor's entry.
   *
   * @param name a tensor name
   * @return the entry
   * @throws IllegalArgumentException when the file has no such tensor
   */
  default TensorInfo info(String name) {
    TensorInfo t = tensors().get(name);
    if (t == null) {
      throw new IllegalArgumentException(file() + ": no tensor '" + name + "'");
    }
    return t;
  }

  /**
   * Reads one tensor converted to float32 (see {@link TensorDType}).
   *
   * @param name a tensor name
   * @return the values in row-major order
   * @throws IOException when reading fails
   */
  default float[] readFloats(String name) throws IOException {
    return info(name).dtype().toFloats(readRaw(name));
  }

  /**
   * Reads one tensor as a float32 NDArray, whatever its stored type, named after the tensor.
   *
   * @param name a tensor name
   * @param manager the manager that will own the array
   * @return an array of the stored shape
   * @throws IOException when reading fails
   */
  default NDArray readArray(String name, NDManager manager) throws IOException {
    NDArray a = manager.create(readFloats(name), info(name).shape());
    a.setName(name);
    return a;
  }
}
