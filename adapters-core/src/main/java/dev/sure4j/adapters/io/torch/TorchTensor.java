package dev.sure4j.adapters.io.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a {@code torch.save} checkpoint: a strided view of a storage, as {@code
 * torch._utils._rebuild_tensor_v2} describes it. Element {@code [i0, i1, ...]} is storage element
 * {@code offset + i0 * stride[0] + i1 * stride[1] + ...}, so a transpose, a slice or a tensor that
 * shares its storage with others is read as PyTorch would see it.
 *
 * @param storage the storage it views
 * @param offset the storage offset of element {@code [0, 0, ...]}, in elements
 * @param shape the sizes; empty for a 0-d tensor
 * @param stride the strides, in elements, one per dimension
 */
record TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride) {

  /**
   * Returns the number of elements.
   *
   * @return the product of the shape, 1 for a 0-d tensor
   */
  long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * Returns how many storage elements, from {@link #offset()} on, the view reaches: one past its
   * largest index, 0 for an empty tensor.
   *
   * @return the span in elements
   */
  long span() {
    if (elementCount() == 0) {
      return 0;
    }
    long last = 0;
    for (int i = 0; i < shape.length; i++) {
      last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
    }
    return last + 1;
  }

  /**
   * Tells whether the view is row-major and gap-free, so that its elements are one byte range.
   *
   * @return true when every stride equals the product of the later sizes (size-1 axes excepted)
   */
  boolean contiguous() {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /**
   * Gathers the view's elements in row-major order.
   *
   * @param span the storage bytes from {@link #offset()} on, at least {@link #span()} elements
   * @param elementSize bytes per element
   * @return a new little-endian buffer of {@code elementCount x elementSize} bytes
   */
  ByteBuffer gather(ByteBuffer span, int elementSize) {
    int count = Math.toIntExact(elementCount());
    ByteBuffer out = ByteBuffer.allocate(count * elementSize).order(ByteOrder.LITTLE_ENDIAN);
    long[] index = new long[shape.length];
    byte[] element = new byte[elementSize];
    for (int k = 0; k < count; k++) {
      long at = 0;
      for (int i = 0; i < shape.length; i++) {
        at += index[i] * stride[i];
      }
      span.get(Math.toIntExact(at * elementSize), element);
      out.put(element);
      for (int i = shape.length - 1; i >= 0; i--) {
        if (++index[i] < shape[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    return out.flip();
  }

  @Override
  public String toString() {
    return String.format(
        "%s%s stride %s at offset %d of storage %s",
        storage.dtype(), Arrays.toString(shape), Arrays.toString(stride), offset, storage.key());
  }
}
