package dev.sure4j.adapters.vera;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.method.Capability;
import dev.sure4j.adapters.method.MergingAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VeRA as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link VeraDelta} on each selected
 * linear layer, all of one adapter sharing one {@link VeraProjections} sized by the largest layer;
 * {@code r + out} trainable parameters per layer. Stored with PEFT's field names ({@code r}, {@code
 * projection_prng_key}, {@code save_projection}, {@code vera_dropout}, {@code d_initial}) and
 * tensor names ({@code <path>.vera_lambda_b}, {@code <path>.vera_lambda_d}, and {@code
 * base_model.vera_A}, {@code base_model.vera_B} when {@code save_projection} is true; otherwise the
 * projections are regenerated from the key exactly as PyTorch draws them). It merges: {@code W +=
 * diag(lambda_b) B_s diag(lambda_d) A_s} on each host.
 */
public final class VeraMethod extends MergingAdapterMethod<VeraSpec> {

  private static final double MAX_KEY = 0x1p63;

  /** Creates the method. */
  public VeraMethod() {
    super("VERA", VeraSpec.class, Site.LINEAR, Capability.MIXES_PER_ROW);
  }

  /**
   * {@inheritDoc} The projections are sized for this one layer; {@link #createBlocks} shares one
   * pair among all of an adapter's layers, as PEFT does.
   */
  @Override
  public Block createBlock(VeraSpec spec, InjectionPoint point) {
    return createBlocks(spec, List.of(point)).get(point);
  }

  @Override
  public Map<InjectionPoint, Block> createBlocks(VeraSpec spec, List<InjectionPoint> points) {
    int maxIn = 0;
    int maxOut = 0;
    for (InjectionPoint p : points) {
      maxIn = Math.max(maxIn, linear(p).inFeatures());
      maxOut = Math.max(maxOut, linear(p).outFeatures());
    }
    VeraProjections shared =
        new VeraProjections(spec.rank(), maxIn, maxOut, spec.projectionPrngKey());
    Map<InjectionPoint, Block> blocks = new LinkedHashMap<>();
    for (InjectionPoint p : points) {
      AdaptableLinear host = linear(p);
      blocks.put(p, new VeraDelta(host.inFeatures(), host.outFeatures(), spec, shared));
    }
    return blocks;
  }

  @Override
  public long parameterCount(VeraSpec spec, InjectionPoint point) {
    return (long) spec.rank() + linear(point).outFeatures();
  }

  @Override
  public Map<String, Parameter> sharedTensors(Adapter adapter) {
    if (!((VeraSpec) adapter.spec()).saveProjection() || adapter.blocks().isEmpty()) {
      return Map.of();
    }
    VeraDelta any = (VeraDelta) adapter.blocks().values().iterator().next();
    return any.projections().byFileName();
  }

  private static AdaptableLinear linear(InjectionPoint point) {
    return linear(point, "VeRA needs a linear layer");
  }

  @Override
  public void writeFields(VeraSpec spec, JsonObject out) {
    out.addProperty("r", spec.rank());
    out.addProperty("projection_prng_key", spec.projectionPrngKey());
    out.addProperty("save_projection", spec.saveProjection());
    out.addProperty("vera_dropout", spec.dropout());
    out.addProperty("d_initial", spec.dInitial());
  }

  @Override
  public VeraSpec readFields(SpecFields f) {
    f.expect("bias", "none");
    f.expect("fan_in_fan_out", false);
    boolean peft = f.peftDefaults();
    double key = peft ? f.optDouble("projection_prng_key", 0) : f.real("projection_prng_key");
    if (key < 0 || key >= MAX_KEY || key != Math.rint(key)) {
      throw f.error("projection_prng_key", "must be a whole number >= 0: " + key, null);
    }
    return new VeraSpec(
        peft ? f.optInt("r", 256) : f.integer("r"),
        (long) key,
        peft ? optBool(f, "save_projection", true) : f.bool("save_projection"),
        peft ? f.optDouble("vera_dropout", 0) : f.real("vera_dropout"),
        peft ? f.optDouble("d_initial", 0.1) : f.real("d_initial"),
        f.targets());
  }

  private static boolean optBool(SpecFields f, String field, boolean fallback) {
    try {
      return f.bool(field);
    } catch (IllegalArgumentException e) {
      if (e.getMessage().endsWith("is missing")) {
        return fallback;
      }
      throw e;
    }
  }

  @Override
  public void writePeftFields(VeraSpec spec, JsonObject top) {
    top.addProperty("bias", "none");
    top.addProperty("fan_in_fan_out", false);
    top.addProperty("init_weights", true);
  }

  @Override
  public String describe(VeraSpec spec) {
    return describeWithTargets(spec, "r=%d, key=%d", spec.rank(), spec.projectionPrngKey());
  }

  /**
   * {@inheritDoc} {@code DEFAULT} offers {@code vera}: rank 64 on {@code q_proj} and {@code v_proj}
   * (see {@link VeraSpec.Builder#optRank}), learning rate 1e-2, higher than LoRA's as the VeRA
   * paper trains its scaling vectors with larger steps.
   */
  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT -> List.of(MethodVariant.of("vera", "VeRA", VeraSpec.builder().build(), 1e-2));
      case SURE, TTS -> List.of();
    };
  }
}
