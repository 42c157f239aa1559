package dev.sure4j.adapters.files;

import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.model.AdapterMethods;

/**
 * Converts specs to and from their JSON fields in {@code adapter_config.json}, through each
 * method's {@link AdapterMethod}: LoRA with PEFT's names ({@code r}, {@code lora_alpha}, {@code
 * lora_dropout}), targets as {@code target_modules} and {@code layers_to_transform} for every
 * injected method. Doubles are written with Java's shortest exact representation, so a spec
 * round-trips exactly.
 */
final class SpecJson {

  private SpecJson() {}

  /** Writes a spec's fields (not its method name). */
  static JsonObject toJson(AdapterSpec spec) {
    return fields(AdapterMethods.of(spec), spec);
  }

  private static <S extends AdapterSpec> JsonObject fields(AdapterMethod<S> method, S spec) {
    JsonObject o = new JsonObject();
    method.writeFields(spec, o);
    if (method.site().isPresent()) {
      SpecFields.writeTargets(spec.targets(), o);
    }
    return o;
  }

  /** Writes the fields only PEFT reads at the top level (LoRA's {@code bias}, ...). */
  static void writePeftFields(AdapterSpec spec, JsonObject top) {
    peftFields(AdapterMethods.of(spec), spec, top);
  }

  private static <S extends AdapterSpec> void peftFields(
      AdapterMethod<S> method, S spec, JsonObject top) {
    method.writePeftFields(spec, top);
  }

  /**
   * Reads a spec's fields.
   *
   * @param method the {@code peft_type}
   * @param o the object holding the fields
   * @param source the file or object, for messages
   * @param peftDefaults whether missing LoRA fields take PEFT's defaults (a PEFT-written file)
   * @param limits the bound of size fields
   */
  static AdapterSpec fromJson(
      String method, JsonObject o, String source, boolean peftDefaults, InputLimits limits) {
    AdapterMethod<?> m;
    try {
      m = AdapterMethods.named(method);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    return m.readFields(new SpecFields(o, source, peftDefaults, limits));
  }
}
