/**
 * Adapter files: the safetensors format (a pure-Java reader with lazy per-tensor reads and an
 * atomic writer), {@code adapter_config.json} in Hugging Face PEFT's field names with a {@code
 * sure4j} provenance object, and {@link dev.sure4j.adapters.io.AdapterFiles}, which saves one
 * adapter of an {@link dev.sure4j.adapters.AdapterModel} to a directory and loads it back, checking
 * every name and shape before the model changes.
 *
 * <p>{@link dev.sure4j.adapters.io.TensorFile} is what a weight-file reader offers; the safetensors
 * reader is one, and {@code dev.sure4j.adapters.io.torch} reads PyTorch {@code torch.save}
 * checkpoints as another ({@code docs/checkpoints.md}).
 *
 * <p>The layout, tensor names and PEFT interoperability are described in {@code
 * docs/adapter-files.md}.
 */
package dev.sure4j.adapters.io;
