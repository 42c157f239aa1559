package dev.sure4j.adapters.full;

import com.google.gson.JsonObject;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.BaseAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import java.util.List;

/**
 * Full fine-tuning as an {@link dev.sure4j.adapters.method.AdapterMethod}: nothing is injected;
 * while active, every base parameter trains (but the feature encoder's, when the spec freezes it),
 * and the adapter's file holds every base tensor.
 */
public final class FullFineTuneMethod extends BaseAdapterMethod<FullFineTuneSpec> {

  /** The module-path prefix of the convolutional feature encoder that the spec may keep frozen. */
  public static final String FEATURE_ENCODER_PREFIX = "feature_extractor";

  /** Creates the method. */
  public FullFineTuneMethod() {
    super("FULL", FullFineTuneSpec.class, null);
  }

  @Override
  public void writeFields(FullFineTuneSpec spec, JsonObject out) {
    out.addProperty("freeze_feature_encoder", spec.freezeFeatureEncoder());
  }

  @Override
  public FullFineTuneSpec readFields(SpecFields f) {
    return new FullFineTuneSpec(f.bool("freeze_feature_encoder"));
  }

  @Override
  public String describe(FullFineTuneSpec spec) {
    return spec.freezeFeatureEncoder()
        ? "every base parameter but the feature encoder"
        : "every base parameter";
  }

  @Override
  public boolean trainsBaseParameter(FullFineTuneSpec spec, String path) {
    return !(spec.freezeFeatureEncoder() && path.startsWith(FEATURE_ENCODER_PREFIX));
  }

  @Override
  public boolean ownsBaseTensors() {
    return true;
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    double rate =
        switch (preset) {
          case DEFAULT -> 5e-4;
          case SURE -> 1.5e-3;
          case TTS -> 1e-3;
        };
    return List.of(
        MethodVariant.of(
            "full", "full fine-tuning", FullFineTuneSpec.all(), rate, "finetune", "ft"));
  }
}
