package dev.sure4j.adapters.io;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor's entry in a safetensors header, or a tensor of a {@code torch.save} checkpoint.
 *
 * @param name the tensor name
 * @param dtype the element type
 * @param shape the shape; an empty shape is a scalar
 * @param position the absolute file position of the first byte of the data; for a checkpoint
 *     tensor, of its first element (a strided view's other elements need not follow it), or -1 when
 *     its storage is compressed
 * @param byteLength the number of data bytes, {@code shape.size() * dtype.byteSize()}, once read
 */
public record TensorInfo(
    String name, TensorDType dtype, Shape shape, long position, long byteLength) {

  /**
   * Returns the number of elements.
   *
   * @return the product of the shape, 1 for a scalar
   */
  public long elementCount() {
    return byteLength / dtype.byteSize();
  }
}
