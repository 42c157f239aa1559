package dev.sure4j.adapters.scale;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;

/**
 * A method that core has never heard of, defined in its own package to show that a new method needs
 * no edit outside it: a learned per-feature gain at residual sites, {@code x * (1 + gamma)}.
 *
 * @param initialGain the value {@code gamma} starts at (0 keeps the base model's outputs)
 * @param targets the residual sites
 */
public record ScaleSpec(double initialGain, Targets targets) implements AdapterSpec {

  /** Validates the values. */
  public ScaleSpec {
    checkArgument(Double.isFinite(initialGain), "initial gain must be finite: %s", initialGain);
    checkArgument(targets != null, "targets must not be null");
  }

  @Override
  public String method() {
    return ScaleMethod.NAME;
  }
}
