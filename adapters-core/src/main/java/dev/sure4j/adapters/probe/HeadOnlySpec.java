package dev.sure4j.adapters.probe;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;

/**
 * The linear probe, the floor of every comparison: nothing is added to the base model, which stays
 * frozen, and only the adapter's task head trains. An adapter with this spec and no head has
 * nothing to train.
 */
public record HeadOnlySpec() implements AdapterSpec {

  private static final Targets HEADS = Targets.modules("heads.*");

  /**
   * The head-only spec.
   *
   * @return the spec
   */
  public static HeadOnlySpec create() {
    return new HeadOnlySpec();
  }

  /**
   * {@inheritDoc} A head-only adapter injects nothing; its targets name the task heads ({@code
   * heads.*}), the only modules that train.
   */
  @Override
  public Targets targets() {
    return HEADS;
  }

  @Override
  public String method() {
    return "HEAD_ONLY";
  }
}
