package dev.sure4j.adapters.io;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name the tensor name
 * @param dtype the element type
 * @param shape the shape; an empty shape is a scalar
 * @param position the absolute file position of the first byte of the data
 * @param byteLength the number of data bytes, {@code shape.size() * dtype.byteSize()}
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
