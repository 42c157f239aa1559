package dev.sure4j.adapters.conv;

import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.Capability;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.method.ResidualAdapterMethod;
import java.util.List;

/**
 * The SURE ConvAdapter as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link
 * ConvAdapter} at each selected residual site. With {@code w = D * widthRatio} and SE reduction
 * {@code r} it has {@code w (D / w) kIn + w kDw + D kOut + 2 D (D / r)} parameters, plus {@code 2
 * D} with its layer norm.
 */
public final class ConvAdapterMethod extends ResidualAdapterMethod<ConvAdapterSpec> {

  /** Creates the method. */
  public ConvAdapterMethod() {
    // the squeeze-and-excitation averages over every frame, padding included; the convolutions
    // and that mean mix positions
    super(
        "CONV_ADAPTER",
        ConvAdapterSpec.class,
        ConvAdapter::new,
        Capability.PADDING_CHANGES_OUTPUTS,
        Capability.MIXES_POSITIONS);
  }

  @Override
  protected long branchParameterCount(ConvAdapterSpec spec, long d, long w) {
    long squeezed = d / spec.seReduction();
    return w * (d / w) * spec.kernelIn()
        + w * spec.kernelDepthwise()
        + d * spec.kernelOut()
        + 2 * d * squeezed;
  }

  @Override
  protected void writeOwnFields(ConvAdapterSpec spec, JsonObject out) {
    out.addProperty("width_ratio", spec.widthRatio());
    out.addProperty("kernel_in", spec.kernelIn());
    out.addProperty("kernel_depthwise", spec.kernelDepthwise());
    out.addProperty("kernel_out", spec.kernelOut());
    out.addProperty("se_reduction", spec.seReduction());
  }

  @Override
  public ConvAdapterSpec readFields(SpecFields f) {
    return new ConvAdapterSpec(
        f.real("width_ratio"),
        f.integer("kernel_in"),
        f.integer("kernel_depthwise"),
        f.integer("kernel_out"),
        f.integer("se_reduction"),
        f.bool("layer_norm"),
        f.init(null),
        f.targets());
  }

  @Override
  public String describe(ConvAdapterSpec spec) {
    return describeWithTargets(
        spec,
        "k=%d/%d/%d, width D*%s, SE/%d, %s init",
        spec.kernelIn(),
        spec.kernelDepthwise(),
        spec.kernelOut(),
        SpecFields.number(spec.widthRatio()),
        spec.seReduction(),
        spec.init().jsonName());
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT ->
          List.of(
              MethodVariant.of(
                  "conv", "ConvAdapter", ConvAdapterSpec.builder().build(), 2e-3, "convadapter"));
      case SURE ->
          List.of(
              MethodVariant.of(
                  "conv", "ConvAdapter", ConvAdapterSpec.builder().build(), 1.2e-2, "convadapter"),
              MethodVariant.of(
                  "conv-identity",
                  "ConvAdapter (identity)",
                  ConvAdapterSpec.builder().optInit(AdapterInit.IDENTITY).build(),
                  1.2e-2,
                  "convadapteridentity"));
      case TTS ->
          List.of(
              MethodVariant.of(
                  "convadapter",
                  "ConvAdapter",
                  ConvAdapterSpec.builder()
                      .optWidthRatio(0.5)
                      .optTargets(Targets.modules("post_ffn"))
                      .build(),
                  5e-3,
                  "conv"));
    };
  }
}
