package dev.sure4j.adapters;

/**
 * The configuration of one parameter-efficient adapter method: an immutable value that says what to
 * add to a host model and where.
 *
 * <p>The hierarchy is sealed: every method sure4j supports is one record here, with defaults equal
 * to the SURE reference (ICASSP 2023). The records live in this package because a sealed hierarchy
 * on the class path must share one package; the blocks that implement each method live in their own
 * packages ({@code lora}, {@code bottleneck}, {@code conv}, {@code prefix}).
 */
public sealed interface AdapterSpec
    permits LoraSpec, BottleneckSpec, ConvAdapterSpec, PrefixSpec, FullFineTuneSpec, HeadOnlySpec {

  /**
   * Returns where this method is injected.
   *
   * @return the target selection
   */
  Targets targets();

  /**
   * Returns the method's short name, as written in adapter files ({@code LORA}, {@code BOTTLENECK},
   * {@code CONV_ADAPTER}, {@code PREFIX_TUNING}, {@code FULL}, {@code HEAD_ONLY}).
   *
   * @return the method name
   */
  String method();
}
