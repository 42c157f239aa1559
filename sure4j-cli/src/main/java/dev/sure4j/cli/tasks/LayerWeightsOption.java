package dev.sure4j.cli.tasks;

import picocli.CommandLine.Option;

/** The {@code --layer-weights} switch of the task training commands (a picocli mixin). */
public final class LayerWeightsOption {

  @Option(
      names = "--layer-weights",
      description =
          "Pooled heads read a learnable weighted sum of all hidden states (SUPERB) instead of the"
              + " last one (SURE).")
  boolean layerWeights;

  /**
   * Returns whether pooled heads read the weighted sum of all hidden states.
   *
   * @return the {@code --layer-weights} value
   */
  public boolean enabled() {
    return layerWeights;
  }
}
