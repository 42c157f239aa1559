package dev.sure4j.adapters.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterActivation;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.BottleneckSpec;
import dev.sure4j.adapters.ConvAdapterSpec;
import dev.sure4j.adapters.FullFineTuneSpec;
import dev.sure4j.adapters.HeadOnlySpec;
import dev.sure4j.adapters.LoraSpec;
import dev.sure4j.adapters.PrefixSpec;
import dev.sure4j.adapters.Targets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Converts specs to and from their JSON fields in {@code adapter_config.json}: snake_case names of
 * the spec's components, LoRA with PEFT's names ({@code r}, {@code lora_alpha}, {@code
 * lora_dropout}), targets as {@code target_modules} and {@code layers_to_transform} for every
 * method. Doubles are written with Java's shortest exact representation, so a spec round-trips
 * exactly.
 */
final class SpecJson {

  private SpecJson() {}

  /** Writes a spec's fields (not its method name). */
  static JsonObject toJson(AdapterSpec spec) {
    JsonObject o = new JsonObject();
    if (spec instanceof LoraSpec s) {
      o.addProperty("r", s.rank());
      o.add("lora_alpha", number(s.alpha()));
      o.addProperty("lora_dropout", s.dropout());
    } else if (spec instanceof BottleneckSpec s) {
      o.addProperty("width", s.width());
      o.addProperty("reduction_factor", s.reductionFactor());
      o.addProperty("activation", s.activation().name().toLowerCase(Locale.ROOT));
      o.addProperty("scaling", s.scaling());
      o.addProperty("layer_norm", s.layerNorm());
      o.addProperty("zero_init_up", s.zeroInitUp());
    } else if (spec instanceof ConvAdapterSpec s) {
      o.addProperty("width_ratio", s.widthRatio());
      o.addProperty("kernel_in", s.kernelIn());
      o.addProperty("kernel_depthwise", s.kernelDepthwise());
      o.addProperty("kernel_out", s.kernelOut());
      o.addProperty("se_reduction", s.seReduction());
      o.addProperty("layer_norm", s.layerNorm());
    } else if (spec instanceof PrefixSpec s) {
      o.addProperty("num_virtual_tokens", s.length());
      o.addProperty("prefix_dropout", s.dropout());
      o.addProperty("prefix_projection", s.reparameterized());
      o.addProperty("encoder_hidden_size", s.reparameterizeHidden());
    } else if (spec instanceof FullFineTuneSpec s) {
      o.addProperty("freeze_feature_encoder", s.freezeFeatureEncoder());
      return o;
    } else if (spec instanceof HeadOnlySpec) {
      return o;
    }
    JsonArray modules = new JsonArray();
    spec.targets().modules().forEach(modules::add);
    o.add("target_modules", modules);
    if (spec.targets().layers().isEmpty()) {
      o.add("layers_to_transform", JsonNull.INSTANCE);
    } else {
      JsonArray layers = new JsonArray();
      spec.targets().layers().forEach(layers::add);
      o.add("layers_to_transform", layers);
    }
    return o;
  }

  /** A whole number as an integer ({@code 16}, as PEFT writes it), anything else as a double. */
  private static JsonElement number(double v) {
    JsonObject holder = new JsonObject();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      holder.addProperty("v", (long) v);
    } else {
      holder.addProperty("v", v);
    }
    return holder.get("v");
  }

  /**
   * Reads a spec's fields.
   *
   * @param method the {@code peft_type}
   * @param o the object holding the fields
   * @param source the file or object, for messages
   * @param peftDefaults whether missing LoRA fields take PEFT's defaults (a PEFT-written file)
   */
  static AdapterSpec fromJson(String method, JsonObject o, String source, boolean peftDefaults) {
    Fields f = new Fields(o, source);
    switch (method) {
      case "LORA":
        f.expect("bias", "none");
        f.expect("fan_in_fan_out", false);
        f.expect("use_dora", false);
        f.expect("use_rslora", false);
        f.expectEmpty("rank_pattern");
        f.expectEmpty("alpha_pattern");
        return new LoraSpec(
            peftDefaults ? f.optInt("r", 8) : f.integer("r"),
            peftDefaults ? f.optDouble("lora_alpha", 8) : f.real("lora_alpha"),
            peftDefaults ? f.optDouble("lora_dropout", 0) : f.real("lora_dropout"),
            f.targets());
      case "BOTTLENECK":
        return new BottleneckSpec(
            f.integer("width"),
            f.real("reduction_factor"),
            f.activation("activation"),
            f.real("scaling"),
            f.bool("layer_norm"),
            f.bool("zero_init_up"),
            f.targets());
      case "CONV_ADAPTER":
        return new ConvAdapterSpec(
            f.real("width_ratio"),
            f.integer("kernel_in"),
            f.integer("kernel_depthwise"),
            f.integer("kernel_out"),
            f.integer("se_reduction"),
            f.bool("layer_norm"),
            f.targets());
      case "PREFIX_TUNING":
        int hidden = f.integer("encoder_hidden_size");
        boolean projection = f.bool("prefix_projection");
        if (projection != hidden > 0) {
          throw f.error(
              "prefix_projection",
              "is " + projection + " but encoder_hidden_size is " + hidden,
              null);
        }
        return new PrefixSpec(
            f.integer("num_virtual_tokens"), f.real("prefix_dropout"), hidden, f.targets());
      case "FULL":
        return new FullFineTuneSpec(f.bool("freeze_feature_encoder"));
      case "HEAD_ONLY":
        return HeadOnlySpec.create();
      default:
        throw new IllegalArgumentException(
            source
                + ": unsupported peft_type '"
                + method
                + "'; sure4j reads LORA, BOTTLENECK, CONV_ADAPTER, PREFIX_TUNING, FULL and HEAD_ONLY");
    }
  }

  /** Typed access to the fields of one JSON object, with errors naming the source and field. */
  private static final class Fields {
    private final JsonObject o;
    private final String source;

    Fields(JsonObject o, String source) {
      this.o = o;
      this.source = source;
    }

    IllegalArgumentException error(String field, String problem, Exception cause) {
      return new IllegalArgumentException(source + ": field '" + field + "' " + problem, cause);
    }

    private JsonElement required(String field) {
      JsonElement e = o.get(field);
      if (e == null || e.isJsonNull()) {
        throw error(field, "is missing", null);
      }
      return e;
    }

    private BigDecimal decimal(String field) {
      JsonElement e = required(field);
      try {
        if (!e.getAsJsonPrimitive().isNumber()) {
          throw error(field, "must be a number: " + e, null);
        }
        return e.getAsBigDecimal();
      } catch (IllegalStateException | NumberFormatException ex) {
        throw error(field, "must be a number: " + e, ex);
      }
    }

    int integer(String field) {
      try {
        return decimal(field).intValueExact();
      } catch (ArithmeticException ex) {
        throw error(field, "must be an integer: " + o.get(field), ex);
      }
    }

    double real(String field) {
      return decimal(field).doubleValue();
    }

    int optInt(String field, int fallback) {
      return has(field) ? integer(field) : fallback;
    }

    double optDouble(String field, double fallback) {
      return has(field) ? real(field) : fallback;
    }

    private boolean has(String field) {
      return o.has(field) && !o.get(field).isJsonNull();
    }

    boolean bool(String field) {
      JsonElement e = required(field);
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
        throw error(field, "must be true or false: " + e, null);
      }
      return e.getAsBoolean();
    }

    AdapterActivation activation(String field) {
      String v = required(field).getAsString();
      try {
        return AdapterActivation.valueOf(v.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw error(field, "is not one of relu, gelu, tanh, swish: '" + v + "'", ex);
      }
    }

    /** Rejects a PEFT option sure4j cannot honour when it differs from the default. */
    void expect(String field, Object value) {
      if (has(field) && !o.get(field).toString().equals(quoted(value))) {
        throw error(field, "is " + o.get(field) + "; sure4j supports only " + quoted(value), null);
      }
    }

    private static String quoted(Object v) {
      return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }

    void expectEmpty(String field) {
      if (has(field)
          && !(o.get(field).isJsonObject() && o.get(field).getAsJsonObject().isEmpty())) {
        throw error(field, "is " + o.get(field) + "; sure4j supports only {}", null);
      }
    }

    Targets targets() {
      JsonElement m = required("target_modules");
      if (!m.isJsonArray()) {
        throw error(
            "target_modules",
            "is "
                + m
                + "; sure4j reads a list of module names or globs (PEFT's regular-expression"
                + " form is not supported)",
            null);
      }
      List<String> modules = new ArrayList<>();
      for (JsonElement e : m.getAsJsonArray()) {
        modules.add(e.getAsString());
      }
      Set<Integer> layers = new LinkedHashSet<>();
      if (has("layers_to_transform")) {
        JsonElement l = o.get("layers_to_transform");
        if (l.isJsonArray()) {
          for (int i = 0; i < l.getAsJsonArray().size(); i++) {
            layers.add(l.getAsJsonArray().get(i).getAsInt());
          }
        } else {
          layers.add(integer("layers_to_transform"));
        }
      }
      try {
        return new Targets(modules, layers);
      } catch (IllegalArgumentException ex) {
        throw error("target_modules", "is invalid: " + ex.getMessage(), ex);
      }
    }
  }
}
