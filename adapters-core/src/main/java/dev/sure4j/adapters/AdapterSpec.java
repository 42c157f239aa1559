package dev.sure4j.adapters;

/**
 * The configuration of one parameter-efficient adapter method: an immutable value that says what to
 * add to a host model and where.
 *
 * <p>Each method is one immutable record in its own package, beside its block and its {@code
 * AdapterMethod} ({@code lora.LoraSpec}, {@code bottleneck.BottleneckSpec}, {@code
 * conv.ConvAdapterSpec}, {@code prefix.PrefixSpec}, {@code full.FullFineTuneSpec}, {@code
 * probe.HeadOnlySpec}), with defaults equal to the SURE reference (ICASSP 2023). {@code
 * AdapterMethods} maps a spec to its method.
 */
public interface AdapterSpec {

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
