/**
 * Reading PyTorch {@code torch.save} checkpoints ({@code pytorch_model.bin}) without Python: a zip
 * directory reader, a restricted unpickler that runs nothing and accepts only the globals of a
 * tensor state dict, and {@link dev.sure4j.adapters.io.torch.TorchCheckpointReader}, which reads
 * strided tensors lazily from their storage entries. See {@code docs/checkpoints.md}.
 */
package dev.sure4j.adapters.io.torch;
