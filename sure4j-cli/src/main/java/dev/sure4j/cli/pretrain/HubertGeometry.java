package dev.sure4j.cli.pretrain;

import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.speech.encoder.EncoderConfig;
import java.util.List;

/** The small HuBERT geometries the application builds from scratch (pretraining, perf guard). */
public final class HubertGeometry {

  private HubertGeometry() {}

  /**
   * A small HuBERT: 7 convolutions of {@code channels} channels with HuBERT's kernels (10, 3, 3, 3,
   * 3, 2, 2) and strides (5, 2, 2, 2, 2, 2, 2), group norm, post-LN, 4 transformer layers with 4
   * heads, positional convolution 32 wide in 8 groups, GELU, layer-norm epsilon 1e-5; activation
   * and feature-projection dropout 0, no layer drop.
   *
   * @param channels the channels of every convolution
   * @param hidden the transformer width {@code D}
   * @param ffn the feed-forward width
   * @param dropout the hidden and attention dropout
   * @return the config
   */
  public static EncoderConfig small(int channels, int hidden, int ffn, float dropout) {
    return new EncoderConfig(
        EncoderConfig.ModelType.HUBERT,
        List.of(channels, channels, channels, channels, channels, channels, channels),
        List.of(10, 3, 3, 3, 3, 2, 2),
        List.of(5, 2, 2, 2, 2, 2, 2),
        false,
        EncoderConfig.FeatExtractNorm.GROUP,
        false,
        true,
        32,
        8,
        4,
        4,
        ffn,
        hidden,
        1e-5f,
        AdapterActivation.GELU,
        dropout,
        dropout,
        0.0f,
        0.0f,
        0.0f);
  }
}
