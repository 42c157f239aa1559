/**
 * Low-level file formats: the safetensors format (a pure-Java reader with lazy per-tensor reads and
 * an atomic writer), the JSON fields every spec shares, provenance, input limits and atomic writes.
 * Adapter directories built on them are in {@code dev.sure4j.adapters.files}.
 *
 * <p>{@link dev.sure4j.adapters.io.TensorFile} is what a weight-file reader offers; the safetensors
 * reader is one, and {@code dev.sure4j.adapters.io.torch} reads PyTorch {@code torch.save}
 * checkpoints as another ({@code docs/checkpoints.md}).
 */
package dev.sure4j.adapters.io;
