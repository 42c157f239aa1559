package dev.sure4j.adapters.files;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.JsonInput;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SpecFields;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contents of {@code adapter_config.json}: the spec in Hugging Face PEFT's field names, PEFT's
 * bookkeeping fields, and a {@code sure4j} object with the spec again and the provenance.
 *
 * <p>A file written by PEFT (no {@code sure4j} object) is read from its top-level fields; for LoRA
 * that is {@code r}, {@code lora_alpha}, {@code lora_dropout}, {@code target_modules}, {@code
 * layers_to_transform}, {@code use_rslora} and {@code use_dora}, with PEFT's defaults for missing
 * values. PEFT options sure4j cannot honour ({@code bias} other than {@code "none"}, {@code
 * fan_in_fan_out}, a non-empty {@code rank_pattern}/{@code alpha_pattern}, a regular-expression
 * {@code target_modules}) are rejected with the field and value. When both the top level and {@code
 * sure4j.spec} are present they must agree. See {@code docs/adapter-files.md} for every field.
 *
 * @param spec the adapter's method and configuration
 * @param baseModel PEFT's {@code base_model_name_or_path}, if known
 * @param taskType PEFT's {@code task_type}, if set (e.g. {@code SEQ_CLS})
 * @param modulesToSave PEFT's {@code modules_to_save}: the head's top-level modules, or empty
 * @param provenance the {@code sure4j} provenance, absent in PEFT-written files
 * @param headClass the Java class of the head that was saved, if any
 */
public record AdapterConfig(
    AdapterSpec spec,
    Optional<String> baseModel,
    Optional<String> taskType,
    List<String> modulesToSave,
    Optional<Provenance> provenance,
    Optional<String> headClass) {

  /** The file name inside an adapter directory. */
  public static final String FILE_NAME = "adapter_config.json";

  /** The version of the {@code sure4j} object's layout. */
  public static final int FORMAT_VERSION = 1;

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

  /** Validates and copies the values. */
  public AdapterConfig {
    checkArgument(spec != null, "adapter config needs a spec");
    checkArgument(
        baseModel != null && taskType != null && provenance != null && headClass != null,
        "use Optional.empty() for absent values");
    modulesToSave = ImmutableList.copyOf(modulesToSave);
  }

  /**
   * A config as sure4j writes it.
   *
   * @param spec the spec
   * @param provenance the provenance; its base model becomes {@code base_model_name_or_path}
   * @param headClass the head's class name, or null without a head
   * @param modulesToSave the head's top-level module names, or an empty list
   * @return the config
   */
  public static AdapterConfig of(
      AdapterSpec spec, Provenance provenance, String headClass, List<String> modulesToSave) {
    return new AdapterConfig(
        spec,
        Optional.of(provenance.baseModel()),
        Optional.empty(),
        modulesToSave,
        Optional.of(provenance),
        Optional.ofNullable(headClass));
  }

  /**
   * Serialises the config.
   *
   * @return pretty-printed JSON
   */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("peft_type", spec.method());
    o.add("task_type", string(taskType));
    o.add("base_model_name_or_path", string(baseModel));
    o.add("revision", JsonNull.INSTANCE);
    o.addProperty("inference_mode", true);
    SpecJson.toJson(spec).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    SpecJson.writePeftFields(spec, o);
    o.add("modules_to_save", modulesToSave.isEmpty() ? JsonNull.INSTANCE : strings(modulesToSave));
    o.add("sure4j", sure4jObject());
    return GSON.toJson(o) + "\n";
  }

  private JsonObject sure4jObject() {
    JsonObject s = new JsonObject();
    s.addProperty("format_version", FORMAT_VERSION);
    JsonObject specJson = SpecJson.toJson(spec);
    JsonObject withMethod = new JsonObject();
    withMethod.addProperty("method", spec.method());
    specJson.entrySet().forEach(e -> withMethod.add(e.getKey(), e.getValue()));
    s.add("spec", withMethod);
    provenance.ifPresent(
        p -> {
          s.addProperty("library_version", p.libraryVersion());
          s.addProperty("base_model", p.baseModel());
          s.add("data", string(p.data()));
          s.add("seed", p.seed().isPresent() ? number(p.seed().getAsLong()) : JsonNull.INSTANCE);
          s.addProperty("created", p.created().toString());
        });
    s.add("head_class", string(headClass));
    return s;
  }

  private static JsonElement number(long v) {
    JsonArray a = new JsonArray();
    a.add(v);
    return a.get(0);
  }

  private static JsonElement string(Optional<String> v) {
    return v.isPresent() ? strings(List.of(v.get())).get(0) : JsonNull.INSTANCE;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  /**
   * Writes the config atomically (temporary file, then rename).
   *
   * @param file the target, usually {@code <dir>/adapter_config.json}
   * @throws IOException when writing fails; the target is then unchanged
   */
  public void write(Path file) throws IOException {
    byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(
        file,
        ch -> {
          ByteBuffer b = ByteBuffer.wrap(bytes);
          while (b.hasRemaining()) {
            ch.write(b);
          }
        });
  }

  /**
   * Reads a config file.
   *
   * @param file an {@code adapter_config.json}
   * @return the config
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is malformed or a size field is over the {@link
   *     InputLimits#defaults() default limits}; the message names the file and field
   */
  public static AdapterConfig read(Path file) throws IOException {
    return read(file, InputLimits.defaults());
  }

  /**
   * Reads a config file, refusing size fields over {@link InputLimits#maxAdapterSize()}.
   *
   * @param file an {@code adapter_config.json}
   * @param limits the limits
   * @return the config
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is malformed or over the limits; the message names the
   *     file and field
   */
  public static AdapterConfig read(Path file, InputLimits limits) throws IOException {
    return fromJson(JsonInput.readUtf8(file, limits), file.toString(), limits);
  }

  /**
   * Parses a config, written by sure4j or by PEFT.
   *
   * @param json the JSON text
   * @param source the file name or another label, for messages
   * @return the config
   * @throws IllegalArgumentException when it is malformed or a size field is over the {@link
   *     InputLimits#defaults() default limits}; the message names the source and field
   */
  public static AdapterConfig fromJson(String json, String source) {
    return fromJson(json, source, InputLimits.defaults());
  }

  /**
   * Parses a config, refusing size fields over {@link InputLimits#maxAdapterSize()}.
   *
   * @param json the JSON text
   * @param source the file name or another label, for messages
   * @param limits the limits
   * @return the config
   * @throws IllegalArgumentException when it is malformed or over the limits; the message names the
   *     source and field
   */
  public static AdapterConfig fromJson(String json, String source, InputLimits limits) {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(json);
      checkArgument(e.isJsonObject(), "%s: not a JSON object", source);
      JsonInput.checkDepth(e, source, limits);
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException(source + ": malformed JSON: " + why, e);
    }
    try {
      return parse(o, source, limits);
    } catch (IllegalArgumentException e) {
      // names and values from the file may hold line breaks: keep the message to one line
      String why = JsonInput.oneLine(String.valueOf(e.getMessage()));
      throw new IllegalArgumentException(why.startsWith(source) ? why : source + ": " + why, e);
    } catch (IllegalStateException
        | UnsupportedOperationException
        | ArithmeticException
        | ClassCastException
        | DateTimeParseException e) {
      throw new IllegalArgumentException(
          source + ": malformed field: " + JsonInput.oneLine(String.valueOf(e.getMessage())), e);
    }
  }

  private static AdapterConfig parse(JsonObject o, String source, InputLimits limits) {
    String method = SpecFields.optString(o, "peft_type").orElse(null);
    checkArgument(method != null, "%s: field 'peft_type' is missing", source);
    JsonElement sure4j = o.get("sure4j");
    JsonObject s = sure4j == null || sure4j.isJsonNull() ? null : sure4j.getAsJsonObject();
    AdapterSpec top = SpecJson.fromJson(method, o, source, s == null, limits);
    AdapterSpec spec = top;
    Optional<Provenance> provenance = Optional.empty();
    if (s != null) {
      JsonObject specObject = s.getAsJsonObject("spec");
      checkArgument(specObject != null, "%s: field 'sure4j.spec' is missing", source);
      String innerMethod = SpecFields.optString(specObject, "method").orElse(method);
      spec = SpecJson.fromJson(innerMethod, specObject, source + " (sure4j.spec)", false, limits);
      checkArgument(
          spec.equals(top),
          "%s: the top-level fields say %s but sure4j.spec says %s; edit both or remove the"
              + " sure4j object",
          source,
          top,
          spec);
      provenance = Provenance.fromJson(s);
    }
    List<String> modules = new ArrayList<>();
    JsonElement m = o.get("modules_to_save");
    if (m != null && m.isJsonArray()) {
      m.getAsJsonArray().forEach(e -> modules.add(e.getAsString()));
    }
    return new AdapterConfig(
        spec,
        SpecFields.optString(o, "base_model_name_or_path"),
        SpecFields.optString(o, "task_type"),
        modules,
        provenance,
        s == null ? Optional.empty() : SpecFields.optString(s, "head_class"));
  }
}
