/**
 * The {@code convert} command: a Hugging Face checkpoint's {@code pytorch_model.bin} (or sharded
 * weights) rewritten as one {@code model.safetensors}.
 */
package dev.sure4j.cli.convert;
