package dev.sure4j.adapters.bottleneck;

import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.method.ResidualAdapterMethod;
import java.util.List;
import java.util.Locale;

/**
 * The bottleneck adapter as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link
 * BottleneckAdapter} at each selected residual site, {@code 2 D w + w + D} parameters ({@code + 2
 * D} with its layer norm).
 */
public final class BottleneckMethod extends ResidualAdapterMethod<BottleneckSpec> {

  /** Creates the method. */
  public BottleneckMethod() {
    super("BOTTLENECK", BottleneckSpec.class, BottleneckAdapter::new);
  }

  @Override
  protected long branchParameterCount(BottleneckSpec spec, long d, long w) {
    return 2 * d * w + w + d;
  }

  @Override
  protected void writeOwnFields(BottleneckSpec spec, JsonObject out) {
    out.addProperty("width", spec.width());
    out.addProperty("reduction_factor", spec.reductionFactor());
    out.addProperty("activation", spec.activation().name().toLowerCase(Locale.ROOT));
    out.addProperty("scaling", spec.scaling());
  }

  @Override
  public BottleneckSpec readFields(SpecFields f) {
    return new BottleneckSpec(
        f.integer("width"),
        f.real("reduction_factor"),
        activation(f),
        f.real("scaling"),
        f.bool("layer_norm"),
        f.init("zero_init_up"),
        f.targets());
  }

  private static AdapterActivation activation(SpecFields f) {
    String v = f.string("activation");
    try {
      return AdapterActivation.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw f.error("activation", "is not one of relu, gelu, tanh, swish: '" + v + "'", ex);
    }
  }

  @Override
  public String describe(BottleneckSpec spec) {
    return describeWithTargets(
        spec, "D->D/%s, %s", SpecFields.number(spec.reductionFactor()), spec.activation());
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT ->
          List.of(
              MethodVariant.of("bottleneck", "bottleneck", BottleneckSpec.builder().build(), 1e-3));
      case SURE ->
          List.of(
              MethodVariant.of(
                  "bottleneck", "bottleneck", BottleneckSpec.builder().build(), 1.2e-2, "adapter"),
              MethodVariant.of(
                  "bottleneck-identity",
                  "bottleneck (identity)",
                  BottleneckSpec.builder().optInit(AdapterInit.IDENTITY).build(),
                  1.2e-2));
      case TTS ->
          List.of(
              MethodVariant.of(
                  "bottleneck",
                  "bottleneck",
                  BottleneckSpec.builder()
                      .optReductionFactor(2)
                      .optTargets(Targets.modules("post_ffn"))
                      .build(),
                  5e-3));
    };
  }
}
