package dev.sure4j.adapters.probe;

import com.google.gson.JsonObject;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.BaseAdapterMethod;
import dev.sure4j.adapters.method.Capability;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import java.util.List;

/**
 * The linear probe as an {@link dev.sure4j.adapters.method.AdapterMethod}: nothing is injected, the
 * base stays frozen and only the adapter's head trains. Its file holds the head alone.
 */
public final class HeadOnlyMethod extends BaseAdapterMethod<HeadOnlySpec> {

  /** Creates the method. */
  public HeadOnlyMethod() {
    super("HEAD_ONLY", HeadOnlySpec.class, null, Capability.MIXES_PER_ROW);
  }

  @Override
  public void writeFields(HeadOnlySpec spec, JsonObject out) {}

  @Override
  public HeadOnlySpec readFields(SpecFields f) {
    return HeadOnlySpec.create();
  }

  @Override
  public String describe(HeadOnlySpec spec) {
    return "the task head only";
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT ->
          List.of(MethodVariant.of("probe", "linear probe", HeadOnlySpec.create(), 5e-3));
      case SURE ->
          List.of(
              MethodVariant.of(
                  "probe", "linear probe", HeadOnlySpec.create(), 3e-2, "linear", "headonly"));
      case TTS -> List.of();
    };
  }
}
