package dev.sure4j.speech.tts;

import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;

/**
 * The SURE reference placements of each method on a {@link FastSpeechModel}: ConvAdapter and
 * bottleneck {@code D -> D / 2} (256 -> 128) at every FFT block's {@code post_ffn}, LoRA {@code r =
 * 8}, alpha 1 (loralib's default, scaling 1/8) on {@code q_proj} and {@code v_proj} (the
 * reference's {@code w_qs}, {@code w_vs}), prefix length 30 on every block's attention, encoder and
 * decoder alike.
 */
public final class TtsAdapterSpecs {

  /** The FFT blocks' residual site after the FFN's layer norm, the reference's adapter place. */
  public static final Targets POST_FFN = Targets.modules("post_ffn");

  private TtsAdapterSpecs() {}

  /**
   * Returns LoRA on the query and value projections.
   *
   * @return rank 8, alpha 1, no dropout, {@code q_proj} and {@code v_proj}
   */
  public static LoraSpec lora() {
    return LoraSpec.builder()
        .optRank(8)
        .optAlpha(1)
        .optTargets(Targets.modules("q_proj", "v_proj"))
        .build();
  }

  /**
   * Returns the bottleneck adapter after every FFN.
   *
   * @return width {@code D / 2}, ReLU, PyTorch initialisation, at {@code post_ffn}
   */
  public static BottleneckSpec bottleneck() {
    return BottleneckSpec.builder().optReductionFactor(2).optTargets(POST_FFN).build();
  }

  /**
   * Returns the ConvAdapter after every FFN.
   *
   * @return width ratio 0.5 (128 at {@code D = 256}), kernels 3, 5, 3, SE reduction 16, at {@code
   *     post_ffn}
   */
  public static ConvAdapterSpec convAdapter() {
    return ConvAdapterSpec.builder().optWidthRatio(0.5).optTargets(POST_FFN).build();
  }

  /**
   * Returns prefix tuning on every FFT block's attention.
   *
   * @return 30 positions, no reparameterisation
   */
  public static PrefixSpec prefix() {
    return PrefixSpec.builder().optLength(30).build();
  }

  /**
   * Returns full fine-tuning.
   *
   * @return every base parameter trains
   */
  public static FullFineTuneSpec full() {
    return FullFineTuneSpec.all();
  }
}
