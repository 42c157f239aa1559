package dev.sure4j.adapters.scale;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import java.util.List;
import java.util.Optional;

/** The {@link ScaleSpec} method: one {@link ScaleBlock} per residual site, {@code D} parameters. */
public final class ScaleMethod implements AdapterMethod<ScaleSpec> {

  static final String NAME = "SCALE";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ScaleSpec> specType() {
    return ScaleSpec.class;
  }

  @Override
  public Optional<Site> site() {
    return Optional.of(Site.RESIDUAL);
  }

  @Override
  public Block createBlock(ScaleSpec spec, InjectionPoint point) {
    return new ScaleBlock(point.hidden(), (float) spec.initialGain());
  }

  @Override
  public long parameterCount(ScaleSpec spec, InjectionPoint point) {
    return point.hidden();
  }

  @Override
  public void writeFields(ScaleSpec spec, JsonObject out) {
    out.add("initial_gain", SpecFields.number(spec.initialGain()));
  }

  @Override
  public ScaleSpec readFields(SpecFields fields) {
    return new ScaleSpec(fields.real("initial_gain"), fields.targets());
  }

  @Override
  public String describe(ScaleSpec spec) {
    return "gain " + spec.initialGain();
  }

  /** {@inheritDoc} One variant, {@code scale}, on every preset: a zero gain after each FFN. */
  @Override
  public List<MethodVariant> variants(Preset preset) {
    return List.of(
        MethodVariant.of("scale", "scale", new ScaleSpec(0, Targets.modules("post_ffn")), 5e-3));
  }
}
