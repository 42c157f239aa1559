package dev.sure4j.examples.tasks;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.probe.HeadOnlySpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The methods the task commands train, by command-line name, each with its SURE default spec and
 * the peak learning rate the quickstart uses for it.
 */
public enum TaskMethod {
  /** Frozen backbone, only the head trains: the floor. */
  PROBE("probe", "linear probe", HeadOnlySpec.create(), 1e-2),
  /** Every parameter trains: the ceiling the adapters approach. */
  FULL("full", "full fine-tuning", FullFineTuneSpec.all(), 5e-4),
  /** Pfeiffer bottleneck adapter after every feed-forward block. */
  BOTTLENECK("bottleneck", "bottleneck", BottleneckSpec.builder().build(), 4e-3),
  /** 30 prefix keys and values in every self-attention. */
  PREFIX("prefix", "prefix tuning", PrefixSpec.builder().build(), 1e-2),
  /** LoRA r=8 on the attention projections and both feed-forward linears. */
  LORA("lora", "LoRA", LoraSpec.builder().build(), 4e-3),
  /** The SURE ConvAdapter at the end of every layer. */
  CONV("conv", "ConvAdapter", ConvAdapterSpec.builder().build(), 4e-3);

  private final String cliName;
  private final String label;
  private final AdapterSpec spec;
  private final double learningRate;

  TaskMethod(String cliName, String label, AdapterSpec spec, double learningRate) {
    this.cliName = cliName;
    this.label = label;
    this.spec = spec;
    this.learningRate = learningRate;
  }

  /**
   * Returns the command-line name.
   *
   * @return e.g. {@code lora}
   */
  public String cliName() {
    return cliName;
  }

  /**
   * Returns the name printed in tables.
   *
   * @return e.g. {@code LoRA}
   */
  public String label() {
    return label;
  }

  /**
   * Returns the spec with SURE defaults.
   *
   * @return the spec
   */
  public AdapterSpec spec() {
    return spec;
  }

  /**
   * Returns the peak AdamW learning rate.
   *
   * @return the learning rate
   */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Parses a command-line name.
   *
   * @param name e.g. {@code lora}, case-insensitive
   * @return the method
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static TaskMethod parse(String name) {
    for (TaskMethod m : values()) {
      if (m.cliName.equalsIgnoreCase(name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown method '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(TaskMethod::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName.toLowerCase(Locale.ROOT);
  }
}
