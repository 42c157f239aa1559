package dev.sure4j.adapters.method;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.nn.AdaptableLinear;
import dev.sure4j.adapters.nn.MergingHost;
import java.util.List;

/**
 * A method whose blocks fold into the weights of their hosts (LoRA, IA3, VeRA): every injection
 * point of its adapters is a {@link MergingHost} ({@link AdaptableLinear} or {@link
 * dev.sure4j.adapters.nn.AdaptableConv1d}), which merges, unmerges and remembers what is merged.
 *
 * @param <S> the spec type
 */
public abstract class MergingAdapterMethod<S extends AdapterSpec> extends BaseAdapterMethod<S> {

  /**
   * Creates the method.
   *
   * @param name the method name in {@code adapter_config.json}
   * @param specType the spec record
   * @param site the kind of point it attaches to
   * @param capabilities what it can do beyond merging
   */
  protected MergingAdapterMethod(
      String name, Class<S> specType, Site site, Capability... capabilities) {
    super(name, specType, site, capabilities);
  }

  /**
   * Returns a point's linear layer.
   *
   * @param point an injection point
   * @param needs the start of the error message, e.g. {@code IA3 needs a linear layer}
   * @return the host
   * @throws IllegalArgumentException {@code <needs> at <path>, found <type>} when it is not one
   */
  protected static AdaptableLinear linear(InjectionPoint point, String needs) {
    checkArgument(
        point.host() instanceof AdaptableLinear,
        "%s at %s, found %s",
        needs,
        point.path(),
        point.host().getClass().getSimpleName());
    return (AdaptableLinear) point.host();
  }

  /** {@inheritDoc} Yes: each block folds into its host's weight and bias. */
  @Override
  public boolean mergeable() {
    return true;
  }

  @Override
  public void merge(Adapter adapter) {
    hosts(adapter).forEach(h -> h.merge(adapter.name()));
  }

  @Override
  public void unmerge(Adapter adapter) {
    hosts(adapter).forEach(h -> h.unmerge(adapter.name()));
  }

  @Override
  public boolean isMerged(Adapter adapter) {
    return hosts(adapter).stream().anyMatch(h -> h.isMerged(adapter.name()));
  }

  private static List<MergingHost> hosts(Adapter adapter) {
    return adapter.blocks().keySet().stream()
        .map(
            p -> {
              checkArgument(
                  p.host() instanceof MergingHost,
                  "%s cannot fold an adapter into its weight",
                  p.path());
              return (MergingHost) p.host();
            })
        .toList();
  }
}
