package dev.sure4j.cli.bench;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.speech.encoder.EncoderConfig;

/**
 * The floating-point operations of one encoder pass, counted analytically: every convolution and
 * matrix product as {@code 2 * m * n * k} (a multiply and an add per term); normalisations,
 * activations, softmax and residual additions are left out (a few percent at the HuBERT-base
 * geometry).
 *
 * <ul>
 *   <li>feature extractor: per convolution {@code 2 * C_in * kernel * C_out * T_out}, with {@code
 *       T_out = floor((T_in - kernel) / stride) + 1};
 *   <li>feature projection: {@code 2 * C_last * D * T};
 *   <li>positional convolution: {@code 2 * T * D * (D / groups) * K};
 *   <li>per layer: projections {@code q, k, v, out}: {@code 4 * 2 * T * D^2}; attention products
 *       {@code QK^T} and {@code PV}: {@code 2 * 2 * T^2 * D}; feed-forward {@code 2 * 2 * T * D *
 *       F}.
 * </ul>
 *
 * All values are for the whole batch, in FLOPs.
 *
 * @param featureExtractor the convolutional feature extractor
 * @param projection the feature projection
 * @param positional the positional convolution
 * @param layerLinear the projections and feed-forward of every layer
 * @param layerProducts the attention products of every layer
 * @param frames frames per utterance {@code T}
 * @param batch utterances
 */
public record EncoderFlops(
    double featureExtractor,
    double projection,
    double positional,
    double layerLinear,
    double layerProducts,
    long frames,
    int batch) {

  /**
   * Counts one forward pass.
   *
   * @param c the encoder geometry
   * @param batch utterances, {@code > 0}
   * @param samples samples per utterance (all of equal length)
   * @return the counts
   */
  public static EncoderFlops of(EncoderConfig c, int batch, long samples) {
    checkArgument(batch > 0, "batch must be > 0: %s", batch);
    long t = samples;
    long in = 1;
    double fe = 0;
    for (int i = 0; i < c.convDim().size(); i++) {
      long k = c.convKernel().get(i);
      t = (t - k) / c.convStride().get(i) + 1;
      long out = c.convDim().get(i);
      fe += 2.0 * in * k * out * t;
      in = out;
    }
    checkArgument(t > 0, "%s samples give no frame", samples);
    double d = c.hiddenSize();
    double proj = 2.0 * in * d * t;
    double pos = 2.0 * t * d * (d / c.numConvPosEmbeddingGroups()) * c.numConvPosEmbeddings();
    int layers = c.numHiddenLayers();
    double linear = layers * (4 * 2.0 * t * d * d + 2 * 2.0 * t * d * c.intermediateSize());
    double products = layers * 2 * 2.0 * t * t * d;
    return new EncoderFlops(
        batch * fe, batch * proj, batch * pos, batch * linear, batch * products, t, batch);
  }

  /**
   * Returns the forward pass's FLOPs.
   *
   * @return the sum of every part
   */
  public double forward() {
    return featureExtractor + projection + positional + layerLinear + layerProducts;
  }

  /**
   * Returns the FLOPs of one training step (forward, backward) of a method with a head of {@code
   * headForward} FLOPs. Full fine-tuning: three times the forward pass (forward, input gradients,
   * weight gradients). Adapters in every layer: the forward pass; the backward pass through the
   * transformer layers, which needs input gradients only (the weights are frozen; the attention
   * products need the gradients of both operands, so twice); nothing below the first layer (frozen,
   * no gradient needed there); the adapter's own {@code adapterForward} three times.
   *
   * @param full whether the base trains (full fine-tuning)
   * @param adapterForward the adapter blocks' forward FLOPs (0 for full fine-tuning)
   * @param headForward the head's forward FLOPs
   * @return FLOPs per step
   */
  public double trainingStep(boolean full, double adapterForward, double headForward) {
    if (full) {
      return 3 * (forward() + headForward);
    }
    return forward() + layerLinear + 2 * layerProducts + 3 * (adapterForward + headForward);
  }
}
