package dev.sure4j.cli;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.util.Optional;

/**
 * The adaptation methods the demo compares, each with its SURE default spec and the learning rate
 * the demo trains it with.
 */
public enum DemoMethod {
  /** Frozen backbone, only the head trains: the floor. */
  LINEAR_PROBE("linear probe", null, 5e-3f),
  /** Every parameter trains: the baseline. */
  FULL_FINE_TUNING("full fine-tuning", FullFineTuneSpec.all(), 5e-4f),
  /** Bottleneck adapter after every feed-forward block. */
  BOTTLENECK("bottleneck", BottleneckSpec.builder().build(), 1e-3f),
  /** 30 prefix keys and values in every self-attention. */
  PREFIX_TUNING("prefix tuning", PrefixSpec.builder().build(), 5e-3f),
  /** LoRA r=8 on the attention projections and both feed-forward linears. */
  LORA("LoRA", LoraSpec.builder().build(), 5e-3f),
  /** The SURE ConvAdapter at the end of every layer. */
  CONV_ADAPTER("ConvAdapter", ConvAdapterSpec.builder().build(), 2e-3f);

  private final String label;
  private final AdapterSpec spec;
  private final float learningRate;

  DemoMethod(String label, AdapterSpec spec, float learningRate) {
    this.label = label;
    this.spec = spec;
    this.learningRate = learningRate;
  }

  /**
   * Returns the name printed in the results table.
   *
   * @return e.g. {@code LoRA}
   */
  public String label() {
    return label;
  }

  /**
   * Returns the adapter spec (SURE defaults), or empty for the linear probe, which adds no adapter.
   *
   * @return the spec
   */
  public Optional<AdapterSpec> spec() {
    return Optional.ofNullable(spec);
  }

  /**
   * Returns the AdamW learning rate used for this method.
   *
   * @return the learning rate
   */
  public float learningRate() {
    return learningRate;
  }
}
