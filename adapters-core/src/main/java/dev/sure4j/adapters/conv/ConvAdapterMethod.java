package dev.sure4j.adapters.conv;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.BaseAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import java.util.List;
import java.util.Locale;

/**
 * The SURE ConvAdapter as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link
 * ConvAdapter} at each selected residual site. With {@code w = D * widthRatio} and SE reduction
 * {@code r} it has {@code w (D / w) kIn + w kDw + D kOut + 2 D (D / r)} parameters, plus {@code 2
 * D} with its layer norm.
 */
public final class ConvAdapterMethod extends BaseAdapterMethod<ConvAdapterSpec> {

  /** The epsilon of the adapter's own layer norm. */
  static final float LAYER_NORM_EPS = 1e-5f;

  /** Creates the method. */
  public ConvAdapterMethod() {
    super("CONV_ADAPTER", ConvAdapterSpec.class, Site.RESIDUAL);
  }

  @Override
  public Block createBlock(ConvAdapterSpec spec, InjectionPoint point) {
    return new ConvAdapter(point.hidden(), LAYER_NORM_EPS, spec);
  }

  @Override
  public long parameterCount(ConvAdapterSpec spec, InjectionPoint point) {
    long d = point.hidden();
    long w = spec.widthFor(point.hidden());
    long squeezed = d / spec.seReduction();
    return w * (d / w) * spec.kernelIn()
        + w * spec.kernelDepthwise()
        + d * spec.kernelOut()
        + 2 * d * squeezed
        + (spec.layerNorm() ? 2 * d : 0);
  }

  @Override
  public void writeFields(ConvAdapterSpec spec, JsonObject out) {
    out.addProperty("width_ratio", spec.widthRatio());
    out.addProperty("kernel_in", spec.kernelIn());
    out.addProperty("kernel_depthwise", spec.kernelDepthwise());
    out.addProperty("kernel_out", spec.kernelOut());
    out.addProperty("se_reduction", spec.seReduction());
    out.addProperty("layer_norm", spec.layerNorm());
    out.addProperty("init", spec.init().jsonName());
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
    return String.format(
        Locale.ROOT,
        "k=%d/%d/%d, width D*%s, SE/%d, %s init, %s",
        spec.kernelIn(),
        spec.kernelDepthwise(),
        spec.kernelOut(),
        SpecFields.number(spec.widthRatio()),
        spec.seReduction(),
        spec.init().jsonName(),
        String.join(",", spec.targets().modules()));
  }

  /** {@inheritDoc} Yes: see {@link dev.sure4j.adapters.mixed.MixedBatch}. */
  @Override
  public boolean mixesPerRow() {
    return true;
  }

  /** {@inheritDoc} Yes: convolutions over frames and a mean over every frame. */
  @Override
  public boolean mixesPositions() {
    return true;
  }

  /** {@inheritDoc} Yes: the squeeze-and-excitation averages over every frame, padding included. */
  @Override
  public boolean paddingChangesOutputs() {
    return true;
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
