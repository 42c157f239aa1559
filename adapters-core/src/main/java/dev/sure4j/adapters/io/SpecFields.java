package dev.sure4j.adapters.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the fields of one spec object in {@code adapter_config.json}, with errors that
 * name the file and the field, and the writers for the fields every injected method shares ({@code
 * target_modules}, {@code layers_to_transform}) and for numbers as PEFT writes them.
 */
public final class SpecFields {

  private final JsonObject o;
  private final String source;

  private final boolean peftDefaults;
  private final InputLimits limits;

  /**
   * Wraps a JSON object.
   *
   * @param o the object holding the fields
   * @param source the file or object, for messages
   * @param peftDefaults whether the object was written by Hugging Face PEFT (no {@code sure4j}
   *     section), so that fields PEFT may leave out take PEFT's defaults
   * @param limits the bound of every integer field ({@link InputLimits#maxAdapterSize()})
   */
  public SpecFields(JsonObject o, String source, boolean peftDefaults, InputLimits limits) {
    this.o = o;
    this.source = source;
    this.peftDefaults = peftDefaults;
    this.limits = limits;
  }

  /**
   * Tells whether missing fields take PEFT's defaults (a file written by PEFT).
   *
   * @return whether PEFT's defaults apply
   */
  public boolean peftDefaults() {
    return peftDefaults;
  }

  /**
   * Makes the error for a field: {@code <source>: field '<field>' <problem>}.
   *
   * @param field the field name
   * @param problem what is wrong, e.g. {@code is missing}
   * @param cause the underlying exception, or null
   * @return the exception to throw
   */
  public IllegalArgumentException error(String field, String problem, Exception cause) {
    return new IllegalArgumentException(source + ": field '" + field + "' " + problem, cause);
  }

  /** Returns a field that must be present and not null, else fails naming it. */
  JsonElement required(String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      throw error(field, "is missing", null);
    }
    return e;
  }

  /**
   * Reads an integer field. Every integer of a spec sizes an allocation (a rank, width, length or
   * kernel size) or bounds one (a divisor, a layer index), so a value above {@link
   * InputLimits#maxAdapterSize()} is refused here, before anything is allocated.
   *
   * @param field the field name
   * @return its value
   * @throws IllegalArgumentException when it is missing, not a whole number, or above the limit
   */
  public int integer(String field) {
    return JsonNumbers.integer(this, field, limits.maxAdapterSize());
  }

  /**
   * Reads a number field.
   *
   * @param field the field name
   * @return its value
   * @throws IllegalArgumentException when it is missing or not a number
   */
  public double real(String field) {
    return JsonNumbers.decimal(this, field).doubleValue();
  }

  /**
   * Reads an optional integer field.
   *
   * @param field the field name
   * @param fallback the value when the field is missing or null
   * @return its value or the fallback
   */
  public int optInt(String field, int fallback) {
    return has(field) ? integer(field) : fallback;
  }

  /**
   * Reads an optional number field.
   *
   * @param field the field name
   * @param fallback the value when the field is missing or null
   * @return its value or the fallback
   */
  public double optDouble(String field, double fallback) {
    return has(field) ? real(field) : fallback;
  }

  /**
   * Reads the serial adapters' {@code init} field ({@code seed} or {@code identity}). A file
   * without it is read as {@code seed}, or, when {@code legacyZeroField} names a boolean field that
   * is present (version-1 bottleneck files: {@code zero_init_up}), as {@code identity} when that
   * field is true.
   *
   * @param legacyZeroField the older boolean field meaning {@code identity}, or null
   * @return the init
   * @throws IllegalArgumentException naming the file and value when it is not a known init
   */
  public AdapterInit init(String legacyZeroField) {
    if (has("init")) {
      String v = string("init");
      try {
        return AdapterInit.parse(v);
      } catch (IllegalArgumentException ex) {
        throw error("init", "is not one of seed, identity: '" + v + "'", ex);
      }
    }
    if (legacyZeroField != null && has(legacyZeroField)) {
      return bool(legacyZeroField) ? AdapterInit.IDENTITY : AdapterInit.SEED;
    }
    return AdapterInit.SEED;
  }

  /**
   * Returns a field's raw value, for fields of more than one JSON type (PEFT's {@code
   * init_lora_weights} is a boolean or a string).
   *
   * @param field the field name
   * @return its value, or null when it is missing or null
   */
  public JsonElement optElement(String field) {
    return has(field) ? o.get(field) : null;
  }

  /** Tells whether a field is present and not null. */
  boolean has(String field) {
    return o.has(field) && !o.get(field).isJsonNull();
  }

  /**
   * Reads a boolean field.
   *
   * @param field the field name
   * @return its value
   * @throws IllegalArgumentException when it is missing or not true or false
   */
  public boolean bool(String field) {
    JsonElement e = required(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw error(field, "must be true or false: " + e, null);
    }
    return e.getAsBoolean();
  }

  /**
   * Reads an optional boolean field.
   *
   * @param field the field name
   * @param fallback the value when the field is missing or null
   * @return its value or the fallback
   * @throws IllegalArgumentException naming the file and field when it is not true or false
   */
  public boolean optBool(String field, boolean fallback) {
    return has(field) ? bool(field) : fallback;
  }

  /**
   * Reads a string field.
   *
   * @param field the field name
   * @return its value
   * @throws IllegalArgumentException when it is missing or not a string
   */
  public String string(String field) {
    JsonElement e = required(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw error(field, "must be a string: " + e, null);
    }
    return e.getAsString();
  }

  /**
   * Reads an optional list of strings, e.g. IA3's {@code feedforward_modules}.
   *
   * @param field the field name
   * @return the strings in file order, or an empty list when the field is missing or null
   * @throws IllegalArgumentException naming the file and field when it is not a list of strings
   *     (for instance PEFT's regular-expression form, a single string)
   */
  public List<String> optStrings(String field) {
    List<String> out = new ArrayList<>();
    if (!has(field)) {
      return out;
    }
    JsonElement e = o.get(field);
    if (!e.isJsonArray()) {
      throw error(field, "is " + e + "; sure4j reads a list of module names or globs", null);
    }
    for (JsonElement s : e.getAsJsonArray()) {
      if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
        throw error(field, "must be a list of strings: " + e, null);
      }
      out.add(s.getAsString());
    }
    return out;
  }

  /**
   * Rejects a PEFT option sure4j cannot honour when it is present and differs from the default.
   *
   * @param field the field name
   * @param value the only value sure4j supports
   */
  public void expect(String field, Object value) {
    if (has(field) && !o.get(field).toString().equals(quoted(value))) {
      throw error(field, "is " + o.get(field) + "; sure4j supports only " + quoted(value), null);
    }
  }

  private static String quoted(Object v) {
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  /**
   * Rejects a PEFT option that sure4j supports only as an empty object.
   *
   * @param field the field name
   */
  public void expectEmpty(String field) {
    if (has(field) && !(o.get(field).isJsonObject() && o.get(field).getAsJsonObject().isEmpty())) {
      throw error(field, "is " + o.get(field) + "; sure4j supports only {}", null);
    }
  }

  /**
   * Reads {@code target_modules} and {@code layers_to_transform}.
   *
   * @return the targets
   * @throws IllegalArgumentException when {@code target_modules} is missing, neither a list nor a
   *     valid regular expression string, or a regular expression with {@code layers_to_transform}
   */
  public Targets targets() {
    return TargetFields.read(this);
  }

  /**
   * Writes {@code target_modules} and {@code layers_to_transform} ({@code null} for every layer).
   *
   * @param targets the targets
   * @param out the object to write to
   */
  public static void writeTargets(Targets targets, JsonObject out) {
    TargetFields.write(targets, out);
  }

  /**
   * Returns a number as PEFT writes it: a whole number as an integer ({@code 16}), anything else as
   * a double in Java's shortest exact form, so that it reads back exactly.
   *
   * @param v the number
   * @return the JSON number
   */
  public static JsonElement number(double v) {
    return JsonNumbers.write(v);
  }

  /**
   * A string field of a JSON object.
   *
   * @param o the object
   * @param field the field name
   * @return its value, or empty when the field is absent or null
   */
  public static Optional<String> optString(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.getAsString());
  }
}
