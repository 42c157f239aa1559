package dev.sure4j.adapters.full;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;

/**
 * Full fine-tuning, the baseline of every comparison: nothing is added and every base parameter is
 * trainable.
 *
 * @param freezeFeatureEncoder whether parameters whose path starts with {@code feature_extractor}
 *     stay frozen, as the SURE reference does for ASR, phoneme recognition and slot filling
 */
public record FullFineTuneSpec(boolean freezeFeatureEncoder) implements AdapterSpec {

  private static final Targets ALL = Targets.modules("*");

  /**
   * Full fine-tuning of every parameter.
   *
   * @return the spec
   */
  public static FullFineTuneSpec all() {
    return new FullFineTuneSpec(false);
  }

  /** {@inheritDoc} Full fine-tuning targets every module. */
  @Override
  public Targets targets() {
    return ALL;
  }

  @Override
  public String method() {
    return "FULL";
  }
}
