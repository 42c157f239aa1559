package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterActivation;

/**
 * The geometry of one transformer encoder layer, with the Hugging Face config field each value
 * comes from.
 *
 * @param hidden {@code hidden_size}, {@code D}
 * @param heads {@code num_attention_heads}; divides {@code D}
 * @param ffn {@code intermediate_size}, {@code F}
 * @param preNorm {@code do_stable_layer_norm}: layer norm before each block (pre-LN) instead of
 *     after (post-LN)
 * @param layerNormEps {@code layer_norm_eps}
 * @param activation {@code hidden_act}
 * @param attentionDropout {@code attention_dropout}
 * @param hiddenDropout {@code hidden_dropout}
 * @param activationDropout {@code activation_dropout}
 */
public record TransformerLayerConfig(
    int hidden,
    int heads,
    int ffn,
    boolean preNorm,
    float layerNormEps,
    AdapterActivation activation,
    float attentionDropout,
    float hiddenDropout,
    float activationDropout) {

  /** Validates the values. */
  public TransformerLayerConfig {
    checkArgument(
        hidden > 0 && heads > 0 && hidden % heads == 0,
        "hidden_size %s must be a multiple of num_attention_heads %s",
        hidden,
        heads);
    checkArgument(ffn > 0, "intermediate_size must be > 0: %s", ffn);
    checkArgument(layerNormEps > 0, "layer_norm_eps must be > 0: %s", layerNormEps);
    checkArgument(activation != null, "hidden_act must not be null");
    checkRate("attention_dropout", attentionDropout);
    checkRate("hidden_dropout", hiddenDropout);
    checkRate("activation_dropout", activationDropout);
  }

  private static void checkRate(String name, float rate) {
    checkArgument(rate >= 0 && rate < 1, "%s must be in [0, 1): %s", name, rate);
  }

  /**
   * A post-LN GELU layer without dropout, handy for tests and small models.
   *
   * @param hidden {@code D}
   * @param heads the head count
   * @param ffn {@code F}
   * @return the config
   */
  public static TransformerLayerConfig of(int hidden, int heads, int ffn) {
    return new TransformerLayerConfig(
        hidden, heads, ffn, false, 1e-5f, AdapterActivation.GELU, 0, 0, 0);
  }

  /**
   * Returns this config with pre-LN or post-LN layers.
   *
   * @param pre true for pre-LN ({@code do_stable_layer_norm})
   * @return a new config
   */
  public TransformerLayerConfig withPreNorm(boolean pre) {
    return new TransformerLayerConfig(
        hidden,
        heads,
        ffn,
        pre,
        layerNormEps,
        activation,
        attentionDropout,
        hiddenDropout,
        activationDropout);
  }
}
