package dev.sure4j.adapters.method;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The identity of an {@link AdapterMethod} (name, spec type, site, {@link Capability capabilities})
 * held once, so that each method writes only what is its own. For a method that injects nothing
 * (site {@code null}), {@link #createBlock} refuses and {@link #parameterCount} is 0.
 *
 * @param <S> the method's spec type
 */
public abstract class BaseAdapterMethod<S extends AdapterSpec> implements AdapterMethod<S> {

  private final String name;
  private final Class<S> specType;
  private final Site site;
  private final Set<Capability> capabilities;

  /**
   * Creates the method's identity.
   *
   * @param name the {@code peft_type}, e.g. {@code LORA}
   * @param specType the spec record
   * @param site where its blocks go, or null when it injects nothing
   * @param capabilities what it can do beyond the defaults of {@link AdapterMethod}
   */
  protected BaseAdapterMethod(
      String name, Class<S> specType, Site site, Capability... capabilities) {
    checkArgument(name != null && name.matches("[A-Z][A-Z0-9_]*"), "bad method name: %s", name);
    checkArgument(specType != null, "method %s has no spec type", name);
    this.name = name;
    this.specType = specType;
    this.site = site;
    this.capabilities =
        capabilities.length == 0
            ? EnumSet.noneOf(Capability.class)
            : EnumSet.copyOf(Arrays.asList(capabilities));
  }

  /** {@inheritDoc} As declared: {@link Capability#MIXES_PER_ROW}. */
  @Override
  public boolean mixesPerRow() {
    return capabilities.contains(Capability.MIXES_PER_ROW);
  }

  /** {@inheritDoc} As declared: {@link Capability#MIXES_POSITIONS}. */
  @Override
  public boolean mixesPositions() {
    return capabilities.contains(Capability.MIXES_POSITIONS);
  }

  /** {@inheritDoc} As declared: {@link Capability#PADDING_CHANGES_OUTPUTS}. */
  @Override
  public boolean paddingChangesOutputs() {
    return capabilities.contains(Capability.PADDING_CHANGES_OUTPUTS);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Class<S> specType() {
    return specType;
  }

  @Override
  public final Optional<Site> site() {
    return Optional.ofNullable(site);
  }

  @Override
  public Block createBlock(S spec, InjectionPoint point) {
    throw new IllegalStateException(name + " injects no blocks");
  }

  @Override
  public long parameterCount(S spec, InjectionPoint point) {
    return 0;
  }

  /**
   * Describes a spec in one line, the form of every {@link #describe}: the method's own values,
   * then its target modules joined by commas, e.g. {@code r=8, alpha=16, q_proj,v_proj}.
   *
   * @param spec the spec, for its targets
   * @param format the format of the method's own values, as {@link String#format} in {@link
   *     Locale#ROOT}
   * @param args the values
   * @return the description
   */
  protected static String describeWithTargets(AdapterSpec spec, String format, Object... args) {
    return String.format(Locale.ROOT, format, args)
        + ", "
        + String.join(",", spec.targets().modules());
  }
}
