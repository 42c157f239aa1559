package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.ConvDelta;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.method.Capability;
import dev.sure4j.adapters.method.MergingAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.List;
import java.util.Map;

/**
 * LoRA as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link LoraDelta} on each selected
 * linear layer ({@code r (in + out)} parameters; with DoRA a {@link DoraDelta}, {@code r (in + out)
 * + out}) and a {@link LoraConvDelta} on each selected 1-d convolution ({@code r in kernel + out r
 * / groups}; with DoRA a {@link DoraConvDelta}, {@code + out}), stored with PEFT's field names
 * ({@code r}, {@code lora_alpha}, {@code lora_dropout}, {@code use_rslora}, {@code use_dora}).
 * Convolutions are chosen only by targets that name them ({@code conv}, {@code
 * feature_extractor.conv_layers.0.conv}); the default targets name linear layers only.
 */
public final class LoraMethod extends MergingAdapterMethod<LoraSpec> {

  private static final String INIT = "init_lora_weights";

  /** Creates the method. */
  public LoraMethod() {
    // mixes per row, DoRA too: each row needs only its own adapter and the base output
    super("LORA", LoraSpec.class, Site.LINEAR, Capability.MIXES_PER_ROW);
  }

  /** {@inheritDoc} Linear layers and, as PEFT's {@code lora.Conv1d}, 1-d convolutions. */
  @Override
  public boolean accepts(Site site) {
    return site == Site.LINEAR || site == Site.CONV1D;
  }

  @Override
  public Block createBlock(LoraSpec spec, InjectionPoint point) {
    if (point.host() instanceof AdaptableConv1d conv) {
      checkArgument(
          !spec.init().changesBase(),
          "%s: the %s start is not supported on a convolution yet",
          point.path(),
          spec.init());
      try {
        return spec.useDora() ? new DoraConvDelta(conv, spec) : new LoraConvDelta(conv, spec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(point.path() + ": " + e.getMessage(), e);
      }
    }
    AdaptableLinear host = linear(point);
    if (spec.useDora()) {
      return new DoraDelta(host.inFeatures(), host.outFeatures(), host.weight(), spec);
    }
    LoraStart start =
        spec.init().changesBase() ? LoraStart.of(spec, host.weight().getArray()) : null;
    return new LoraDelta(host.inFeatures(), host.outFeatures(), spec, start);
  }

  /**
   * {@inheritDoc} {@code r (in + out)} on a linear layer, {@code r in kernel + out r / groups} on a
   * convolution; DoRA adds {@code out}.
   */
  @Override
  public long parameterCount(LoraSpec spec, InjectionPoint point) {
    if (point.host() instanceof AdaptableConv1d conv) {
      return spec.useDora()
          ? DoraConvDelta.parameterCount(spec.rank(), conv)
          : LoraConvDelta.parameterCount(spec.rank(), conv);
    }
    AdaptableLinear host = linear(point);
    long lora = (long) spec.rank() * (host.inFeatures() + host.outFeatures());
    return spec.useDora() ? lora + host.outFeatures() : lora;
  }

  private static AdaptableLinear linear(InjectionPoint point) {
    return linear(point, "LoRA needs a linear layer or a convolution");
  }

  @Override
  public void writeFields(LoraSpec spec, JsonObject out) {
    out.addProperty("r", spec.rank());
    out.add("lora_alpha", SpecFields.number(spec.alpha()));
    out.addProperty("lora_dropout", spec.dropout());
    out.addProperty("use_rslora", spec.useRslora());
    out.addProperty("use_dora", spec.useDora());
    if (!spec.init().equals(LoraInit.KAIMING)) {
      out.add(INIT, spec.init().toPeft());
    }
  }

  @Override
  public LoraSpec readFields(SpecFields f) {
    f.expect("bias", "none");
    f.expect("fan_in_fan_out", false);
    f.expectEmpty("rank_pattern");
    f.expectEmpty("alpha_pattern");
    boolean peft = f.peftDefaults();
    return new LoraSpec(
        peft ? f.optInt("r", 8) : f.integer("r"),
        peft ? f.optDouble("lora_alpha", 8) : f.real("lora_alpha"),
        peft ? f.optDouble("lora_dropout", 0) : f.real("lora_dropout"),
        f.targets(),
        f.optBool("use_rslora", false),
        f.optBool("use_dora", false),
        init(f));
  }

  private static LoraInit init(SpecFields f) {
    JsonElement v = f.optElement(INIT);
    try {
      return v == null ? LoraInit.KAIMING : LoraInit.fromPeft(v);
    } catch (IllegalArgumentException e) {
      throw f.error(INIT, e.getMessage(), e);
    }
  }

  @Override
  public void writePeftFields(LoraSpec spec, JsonObject top) {
    top.addProperty("bias", "none");
    top.addProperty("fan_in_fan_out", false);
    top.add(INIT, spec.init().toPeft());
  }

  /**
   * {@inheritDoc} With a start from the base weight (PiSSA, OLoRA), the plain LoRA of rank {@code
   * 2r} that {@link #savedTensors} writes, with the same scaling (alpha {@code 2 alpha}, or {@code
   * sqrt(2) alpha} with rsLoRA), as PEFT's {@code save_pretrained} with {@code
   * path_initial_model_for_weight_conversion}.
   */
  @Override
  public AdapterSpec savedSpec(Adapter adapter) {
    LoraSpec s = (LoraSpec) adapter.spec();
    if (!s.init().changesBase()) {
      return s;
    }
    double alpha = s.useRslora() ? Math.sqrt(2) * s.alpha() : 2 * s.alpha();
    return new LoraSpec(
        2 * s.rank(), alpha, s.dropout(), s.targets(), s.useRslora(), false, LoraInit.KAIMING);
  }

  /**
   * {@inheritDoc} With a start from the base weight, the update against the untouched base: since
   * {@code W = W_res + s B0 A0}, the trained {@code W_res + s B A} is {@code W + s [B, -B0] [A;
   * A0]}, so {@code lora_A} is written as {@code cat([A, A0], 0)} and {@code lora_B} as {@code
   * cat([B, -B0], 1)}.
   */
  @Override
  public Map<String, NDArray> savedTensors(Adapter adapter, NDManager manager) {
    return StartConversion.untouchedBase(adapter, super.savedTensors(adapter, manager), manager);
  }

  @Override
  public String describe(LoraSpec spec) {
    return describeWithTargets(
        spec,
        "r=%d, alpha=%s%s%s",
        spec.rank(),
        SpecFields.number(spec.alpha()),
        spec.useRslora() ? ", rsLoRA" : "",
        spec.useDora() ? ", DoRA" : "");
  }

  /**
   * {@inheritDoc} Yes: {@code W += scale B A} on each host linear layer and ungrouped convolution
   * (with DoRA {@code W = m / ||W + scale B A|| (W + scale B A)}); an adapter on a grouped
   * convolution refuses to merge, as in PEFT.
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
    super.merge(adapter);
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT ->
          List.of(
              MethodVariant.of("lora", "LoRA", LoraSpec.builder().build(), 5e-3),
              MethodVariant.of("dora", "DoRA", LoraSpec.builder().optUseDora(true).build(), 5e-3));
      case SURE ->
          List.of(
              MethodVariant.of("lora", "LoRA", LoraSpec.builder().build(), 1.2e-2),
              MethodVariant.of(
                  "dora", "DoRA", LoraSpec.builder().optUseDora(true).build(), 1.2e-2));
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
