package dev.sure4j.cli.tasks;

import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.probe.HeadOnlySpec;
import dev.sure4j.speech.corpora.TaskNames;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The methods the task commands train, by command-line name, each with its SURE default spec and
 * the peak learning rate the quickstart uses for it. The rates were chosen on the mini corpus'
 * validation splits from three values per method ({@code tools/pick_learning_rates.py},
 * docs/tasks/README.md). The serial adapters (bottleneck, ConvAdapter) come twice: with SURE's
 * random start ({@link AdapterInit#SEED}) and starting as the identity ({@link
 * AdapterInit#IDENTITY}).
 */
public enum TaskMethod {
  /** Frozen backbone, only the head trains: the floor. */
  PROBE("probe", "linear probe", HeadOnlySpec.create(), 3e-2, "linear", "headonly"),
  /** Every parameter trains: the ceiling the adapters approach. */
  FULL("full", "full fine-tuning", FullFineTuneSpec.all(), 1.5e-3, "finetune", "ft"),
  /** Bottleneck adapter after every feed-forward block, random start as in SURE. */
  BOTTLENECK("bottleneck", "bottleneck", BottleneckSpec.builder().build(), 1.2e-2, "adapter"),
  /** The same bottleneck starting as the identity (up-projection zero). */
  BOTTLENECK_IDENTITY(
      "bottleneck-identity",
      "bottleneck (identity)",
      BottleneckSpec.builder().optInit(AdapterInit.IDENTITY).build(),
      1.2e-2),
  /** 30 prefix keys and values in every self-attention. */
  PREFIX("prefix", "prefix tuning", PrefixSpec.builder().build(), 1e-2, "prefixtuning"),
  /** LoRA r=8 on the attention projections and both feed-forward linears. */
  LORA("lora", "LoRA", LoraSpec.builder().build(), 1.2e-2),
  /** The SURE ConvAdapter at the end of every layer, random start as in SURE. */
  CONV("conv", "ConvAdapter", ConvAdapterSpec.builder().build(), 1.2e-2, "convadapter"),
  /** The same ConvAdapter starting as the identity (up convolution zero). */
  CONV_IDENTITY(
      "conv-identity",
      "ConvAdapter (identity)",
      ConvAdapterSpec.builder().optInit(AdapterInit.IDENTITY).build(),
      1.2e-2,
      "convadapteridentity");

  private final String cliName;
  private final String label;
  private final AdapterSpec spec;
  private final double learningRate;
  private final List<String> aliases;

  TaskMethod(
      String cliName, String label, AdapterSpec spec, double learningRate, String... aliases) {
    this.cliName = cliName;
    this.label = label;
    this.spec = spec;
    this.learningRate = learningRate;
    this.aliases = List.of(aliases);
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
   * Parses a method name: the command-line name, the table label or an alias ({@code convadapter},
   * {@code conv-adapter}, {@code finetune}, {@code linear probe}), case-insensitive and ignoring
   * spaces, hyphens, underscores and brackets.
   *
   * @param name e.g. {@code lora}, {@code ConvAdapter (identity)}
   * @return the method
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static TaskMethod parse(String name) {
    String key = TaskNames.normalise(name);
    for (TaskMethod m : values()) {
      if (TaskNames.normalise(m.cliName).equals(key)
          || TaskNames.normalise(m.label).equals(key)
          || m.aliases.contains(key)) {
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
