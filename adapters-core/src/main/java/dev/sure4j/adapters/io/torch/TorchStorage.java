package dev.sure4j.adapters.io.torch;

import dev.sure4j.adapters.io.TensorDType;

/**
 * One storage of a {@code torch.save} checkpoint, as its pickle's persistent id names it: the raw
 * little-endian elements are the zip entry {@code <archive>/data/<key>}. Several tensors may share
 * one storage.
 *
 * @param key the entry's name under {@code data/}
 * @param dtype the element type, from the storage class
 * @param elements the number of elements the pickle declares
 */
record TorchStorage(String key, TensorDType dtype, long elements) {}
