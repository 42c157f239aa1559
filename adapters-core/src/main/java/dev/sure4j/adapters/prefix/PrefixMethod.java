package dev.sure4j.adapters.prefix;

import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.Site;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.BaseAdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import java.util.List;

/**
 * Prefix tuning as an {@link dev.sure4j.adapters.method.AdapterMethod}: a {@link PrefixKeyValues}
 * for each selected attention block, {@code 2 P D} parameters, or with the MLP reparameterisation
 * of width {@code h}: {@code P D + (D + 1) h + (h + 1) 2 D}. Stored with PEFT's field names ({@code
 * num_virtual_tokens}, {@code prefix_projection}, {@code encoder_hidden_size}).
 */
public final class PrefixMethod extends BaseAdapterMethod<PrefixSpec> {

  /** Creates the method. */
  public PrefixMethod() {
    super("PREFIX_TUNING", PrefixSpec.class, Site.ATTENTION);
  }

  @Override
  public Block createBlock(PrefixSpec spec, InjectionPoint point) {
    return new PrefixKeyValues(point.hidden(), spec);
  }

  @Override
  public long parameterCount(PrefixSpec spec, InjectionPoint point) {
    long d = point.hidden();
    long p = spec.length();
    if (!spec.reparameterized()) {
      return 2 * p * d;
    }
    long h = spec.reparameterizeHidden();
    return p * d + (d + 1) * h + (h + 1) * 2 * d;
  }

  @Override
  public void writeFields(PrefixSpec spec, JsonObject out) {
    out.addProperty("num_virtual_tokens", spec.length());
    out.addProperty("prefix_dropout", spec.dropout());
    out.addProperty("prefix_projection", spec.reparameterized());
    out.addProperty("encoder_hidden_size", spec.reparameterizeHidden());
  }

  @Override
  public PrefixSpec readFields(SpecFields f) {
    int hidden = f.integer("encoder_hidden_size");
    boolean projection = f.bool("prefix_projection");
    if (projection != hidden > 0) {
      throw f.error(
          "prefix_projection", "is " + projection + " but encoder_hidden_size is " + hidden, null);
    }
    return new PrefixSpec(
        f.integer("num_virtual_tokens"), f.real("prefix_dropout"), hidden, f.targets());
  }

  @Override
  public String describe(PrefixSpec spec) {
    return describeWithTargets(
        spec, "P=%d, dropout %s", spec.length(), SpecFields.number(spec.dropout()));
  }

  @Override
  public List<MethodVariant> variants(Preset preset) {
    return switch (preset) {
      case DEFAULT ->
          List.of(MethodVariant.of("prefix", "prefix tuning", PrefixSpec.builder().build(), 5e-3));
      case SURE ->
          List.of(
              MethodVariant.of(
                  "prefix", "prefix tuning", PrefixSpec.builder().build(), 1e-2, "prefixtuning"));
      case TTS ->
          List.of(
              MethodVariant.of(
                  "prefix", "prefix tuning", PrefixSpec.builder().optLength(30).build(), 5e-3));
    };
  }
}
