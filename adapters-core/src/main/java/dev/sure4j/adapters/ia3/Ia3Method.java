package dev.sure4j.adapters.ia3;

import ai.djl.nn.Block;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.Capability;
import dev.sure4j.adapters.method.MergingAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.List;

/**
 * IA3 as an {@link dev.sure4j.adapters.method.AdapterMethod}: an {@link Ia3Delta} on each selected
 * linear layer, {@code out} parameters per layer ({@code in} for feed-forward layers), stored with
 * PEFT's {@code IA3Config} field names ({@code target_modules}, {@code feedforward_modules}, {@code
 * fan_in_fan_out}, {@code init_ia3_weights}) and tensor names ({@code <path>.ia3_l}). It merges:
 * rows of {@code W} and the bias are scaled by {@code l}, or the columns of {@code W} for
 * feed-forward layers.
 */
public final class Ia3Method extends MergingAdapterMethod<Ia3Spec> {

  /** Creates the method. */
  public Ia3Method() {
    super("IA3", Ia3Spec.class, Site.LINEAR, Capability.MIXES_PER_ROW);
  }

  @Override
  public Block createBlock(Ia3Spec spec, InjectionPoint point) {
    AdaptableLinear host = linear(point);
    return new Ia3Delta(host.inFeatures(), host.outFeatures(), spec.isFeedforward(point.path()));
  }

  @Override
  public long parameterCount(Ia3Spec spec, InjectionPoint point) {
    AdaptableLinear host = linear(point);
    return spec.isFeedforward(point.path()) ? host.inFeatures() : host.outFeatures();
  }

  private static AdaptableLinear linear(InjectionPoint point) {
    return linear(point, "IA3 needs a linear layer");
  }

  @Override
  public void writeFields(Ia3Spec spec, JsonObject out) {
    JsonArray ff = new JsonArray();
    spec.feedforward().forEach(ff::add);
    out.add("feedforward_modules", ff);
  }

  /**
   * {@inheritDoc} PEFT's {@code init_ia3_weights} only says how PEFT initialised the vectors before
   * training; the file's {@code ia3_l} tensors replace them, so the field is not read.
   */
  @Override
  public Ia3Spec readFields(SpecFields f) {
    f.expect("fan_in_fan_out", false);
    f.expect("exclude_modules", null);
    List<String> feedforward = f.optStrings("feedforward_modules");
    Targets targets = f.targets();
    try {
      return new Ia3Spec(targets, feedforward);
    } catch (IllegalArgumentException e) {
      throw f.error("feedforward_modules", "is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * {@inheritDoc} IA3's {@code fan_in_fan_out}, {@code init_ia3_weights} and {@code
   * exclude_modules}. PEFT's {@code IA3Config} has no {@code layers_to_transform}: the field is
   * left out when the targets take every layer (a layer-restricted spec keeps it, and PEFT ignores
   * it with a warning, so such a file is read by PEFT on every layer).
   */
  @Override
  public void writePeftFields(Ia3Spec spec, JsonObject top) {
    top.addProperty("fan_in_fan_out", false);
    top.addProperty("init_ia3_weights", true);
    top.add("exclude_modules", JsonNull.INSTANCE);
    JsonElement layers = top.get("layers_to_transform");
    if (layers != null && layers.isJsonNull()) {
      top.remove("layers_to_transform");
    }
  }

  @Override
  public String describe(Ia3Spec spec) {
    return String.join(",", spec.targets().modules())
        + (spec.feedforward().isEmpty() ? "" : ", input-scaled " + spec.feedforward());
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT -> List.of(MethodVariant.of("ia3", "IA3", Ia3Spec.builder().build(), 1e-2));
      case SURE -> List.of(MethodVariant.of("ia3", "IA3", Ia3Spec.builder().build(), 1e-2));
      case TTS -> List.of();
    };
  }
}
