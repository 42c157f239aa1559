package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.method.BaseAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.List;
import java.util.Locale;

/**
 * LoRA as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link LoraDelta} on each selected
 * linear layer ({@code r (in + out)} parameters) and a {@link LoraConvDelta} on each selected 1-d
 * convolution ({@code r in kernel + out r / groups}), stored with PEFT's field names ({@code r},
 * {@code lora_alpha}, {@code lora_dropout}). Convolutions are chosen only by targets that name them
 * ({@code conv}, {@code feature_extractor.conv_layers.0.conv}); the default targets name linear
 * layers only.
 */
public final class LoraMethod extends BaseAdapterMethod<LoraSpec> {

  /** Creates the method. */
  public LoraMethod() {
    super("LORA", LoraSpec.class, Site.LINEAR);
  }

  /** {@inheritDoc} Linear layers and, as PEFT's {@code lora.Conv1d}, 1-d convolutions. */
  @Override
  public boolean accepts(Site site) {
    return site == Site.LINEAR || site == Site.CONV1D;
  }

  @Override
  public Block createBlock(LoraSpec spec, InjectionPoint point) {
    if (point.host() instanceof AdaptableConv1d conv) {
      try {
        return new LoraConvDelta(conv, spec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(point.path() + ": " + e.getMessage(), e);
      }
    }
    AdaptableLinear host = linear(point);
    return new LoraDelta(host.inFeatures(), host.outFeatures(), spec);
  }

  /**
   * {@inheritDoc} {@code r (in + out)} on a linear layer, {@code r in kernel + out r / groups} on a
   * convolution.
   */
  @Override
  public long parameterCount(LoraSpec spec, InjectionPoint point) {
    if (point.host() instanceof AdaptableConv1d conv) {
      return LoraConvDelta.parameterCount(spec.rank(), conv);
    }
    AdaptableLinear host = linear(point);
    return (long) spec.rank() * (host.inFeatures() + host.outFeatures());
  }

  private static AdaptableLinear linear(InjectionPoint point) {
    checkArgument(
        point.host() instanceof AdaptableLinear,
        "LoRA needs a linear layer or a convolution at %s, found %s",
        point.path(),
        point.host().getClass().getSimpleName());
    return (AdaptableLinear) point.host();
  }

  @Override
  public void writeFields(LoraSpec spec, JsonObject out) {
    out.addProperty("r", spec.rank());
    out.add("lora_alpha", SpecFields.number(spec.alpha()));
    out.addProperty("lora_dropout", spec.dropout());
  }

  @Override
  public LoraSpec readFields(SpecFields f) {
    f.expect("bias", "none");
    f.expect("fan_in_fan_out", false);
    f.expect("use_dora", false);
    f.expect("use_rslora", false);
    f.expectEmpty("rank_pattern");
    f.expectEmpty("alpha_pattern");
    boolean peft = f.peftDefaults();
    return new LoraSpec(
        peft ? f.optInt("r", 8) : f.integer("r"),
        peft ? f.optDouble("lora_alpha", 8) : f.real("lora_alpha"),
        peft ? f.optDouble("lora_dropout", 0) : f.real("lora_dropout"),
        f.targets());
  }

  @Override
  public void writePeftFields(LoraSpec spec, JsonObject top) {
    top.addProperty("bias", "none");
    top.addProperty("fan_in_fan_out", false);
    top.addProperty("init_lora_weights", true);
  }

  @Override
  public String describe(LoraSpec spec) {
    return String.format(
        Locale.ROOT,
        "r=%d, alpha=%s, %s",
        spec.rank(),
        SpecFields.number(spec.alpha()),
        String.join(",", spec.targets().modules()));
  }

  /**
   * {@inheritDoc} Yes: {@code W += scale B A} on each host linear layer and ungrouped convolution;
   * an adapter on a grouped convolution refuses to merge, as in PEFT.
   */
  @Override
  public boolean mergeable() {
    return true;
  }

  @Override
  public void merge(Adapter adapter) {
    adapter
        .blocks()
        .forEach(
            (p, b) ->
                checkArgument(
                    !(b instanceof ConvDelta d) || d.mergeable(),
                    "adapter '%s' cannot merge: LoRA on the grouped convolution %s does not fold"
                        + " into its weight (as in PEFT); serve it unmerged",
                    adapter.name(),
                    p.path()));
    adapter.blocks().keySet().forEach(p -> merge(p, adapter.name(), true));
  }

  @Override
  public void unmerge(Adapter adapter) {
    adapter.blocks().keySet().forEach(p -> merge(p, adapter.name(), false));
  }

  private static void merge(InjectionPoint point, String name, boolean in) {
    if (point.host() instanceof AdaptableConv1d conv) {
      if (in) {
        conv.merge(name);
      } else {
        conv.unmerge(name);
      }
    } else if (in) {
      linear(point).merge(name);
    } else {
      linear(point).unmerge(name);
    }
  }

  @Override
  public boolean isMerged(Adapter adapter) {
    return adapter.blocks().keySet().stream()
        .anyMatch(
            p ->
                p.host() instanceof AdaptableConv1d conv
                    ? conv.isMerged(adapter.name())
                    : linear(p).isMerged(adapter.name()));
  }

  /** {@inheritDoc} Yes: see {@link dev.sure4j.adapters.mixed.MixedBatch}. */
  @Override
  public boolean mixesPerRow() {
    return true;
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT -> List.of(MethodVariant.of("lora", "LoRA", LoraSpec.builder().build(), 5e-3));
      case SURE -> List.of(MethodVariant.of("lora", "LoRA", LoraSpec.builder().build(), 1.2e-2));
      case TTS ->
          List.of(
              MethodVariant.of(
                  "lora",
                  "LoRA",
                  LoraSpec.builder()
                      .optRank(8)
                      .optAlpha(1)
                      .optTargets(Targets.modules("q_proj", "v_proj"))
                      .build(),
                  5e-3));
    };
  }
}
