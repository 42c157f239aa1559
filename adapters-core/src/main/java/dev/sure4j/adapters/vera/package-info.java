/**
 * VeRA: the per-layer scaling vectors {@link dev.sure4j.adapters.vera.VeraDelta} over frozen random
 * projections {@link dev.sure4j.adapters.vera.VeraProjections} shared by all of an adapter's
 * layers, drawn bit for bit as PyTorch's generator draws them ({@link
 * dev.sure4j.adapters.vera.TorchGenerator}).
 */
package dev.sure4j.adapters.vera;
