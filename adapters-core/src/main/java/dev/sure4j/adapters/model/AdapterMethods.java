package dev.sure4j.adapters.model;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.bottleneck.BottleneckMethod;
import dev.sure4j.adapters.conv.ConvAdapterMethod;
import dev.sure4j.adapters.full.FullFineTuneMethod;
import dev.sure4j.adapters.ia3.Ia3Method;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.io.SpecFields;
import dev.sure4j.adapters.lora.LoraMethod;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.prefix.PrefixMethod;
import dev.sure4j.adapters.probe.HeadOnlyMethod;
import dev.sure4j.adapters.vera.VeraMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The registry of adapter methods: the seven built in, those a jar on the class path declares in
 * {@code META-INF/services/dev.sure4j.adapters.method.AdapterMethod}, and any a user registers.
 * Core dispatches every method-specific step (blocks, freezing, parameter counts, {@code
 * adapter_config.json} fields) through it, so adding a method needs no edit to core.
 */
public final class AdapterMethods {

  private static final List<AdapterMethod<?>> METHODS =
      new CopyOnWriteArrayList<>(
          List.of(
              new HeadOnlyMethod(),
              new FullFineTuneMethod(),
              new BottleneckMethod(),
              new PrefixMethod(),
              new LoraMethod(),
              new ConvAdapterMethod(),
              new Ia3Method(),
              new VeraMethod()));

  static {
    // methods on the class path: a jar registers one with a line in
    // META-INF/services/dev.sure4j.adapters.method.AdapterMethod
    for (AdapterMethod<?> m : ServiceLoader.load(AdapterMethod.class)) {
      register(m);
    }
  }

  private AdapterMethods() {}

  /**
   * Registers a method. Its name and spec type must be new.
   *
   * @param method the method
   * @throws IllegalArgumentException when a method with that name or spec type exists
   */
  public static synchronized void register(AdapterMethod<?> method) {
    checkArgument(method != null, "method must not be null");
    for (AdapterMethod<?> m : METHODS) {
      checkArgument(
          !m.name().equals(method.name()), "an adapter method named %s exists", method.name());
      checkArgument(
          !m.specType().equals(method.specType()),
          "spec type %s already belongs to method %s",
          method.specType().getName(),
          m.name());
    }
    METHODS.add(method);
  }

  /**
   * Returns every registered method, built-in ones first.
   *
   * @return an immutable snapshot
   */
  public static List<AdapterMethod<?>> all() {
    return List.copyOf(METHODS);
  }

  /**
   * Returns the method of a name ({@code peft_type}).
   *
   * @param name e.g. {@code LORA}
   * @return the method
   * @throws IllegalArgumentException naming the registered methods when there is none
   */
  public static AdapterMethod<?> named(String name) {
    for (AdapterMethod<?> m : METHODS) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unsupported adapter method '" + name + "'; sure4j reads " + names());
  }

  /**
   * Returns the method a spec belongs to.
   *
   * @param spec a spec
   * @param <S> its type
   * @return its method
   * @throws IllegalArgumentException when the spec's type is not registered
   */
  @SuppressWarnings("unchecked") // specType().isInstance(spec) holds, so S is the method's type
  public static <S extends AdapterSpec> AdapterMethod<S> of(S spec) {
    checkArgument(spec != null, "spec must not be null");
    for (AdapterMethod<?> m : METHODS) {
      if (m.specType().isInstance(spec)) {
        return (AdapterMethod<S>) m;
      }
    }
    throw new IllegalArgumentException(
        "no adapter method is registered for "
            + spec.getClass().getName()
            + "; register one with AdapterMethods.register");
  }

  /**
   * Returns every registered method's variants for a preset, in registration order: what the
   * commands, the demo, the benchmarks and the TTS trainer offer.
   *
   * @param preset the preset
   * @return the variants
   */
  public static List<MethodVariant> variants(Preset preset) {
    return METHODS.stream().flatMap(m -> m.variants(preset).stream()).toList();
  }

  /**
   * Finds the variant a user names ({@link MethodVariant#matches}).
   *
   * @param preset the preset
   * @param name e.g. {@code lora}, {@code ConvAdapter (identity)}
   * @return the variant
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static MethodVariant variant(Preset preset, String name) {
    List<MethodVariant> all = variants(preset);
    return all.stream()
        .filter(v -> v.matches(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown method '"
                        + name
                        + "'; known: "
                        + all.stream()
                            .map(MethodVariant::cliName)
                            .collect(Collectors.joining(", "))));
  }

  /**
   * Returns a spec with other targets, through its method's own {@code adapter_config.json} fields,
   * so any registered method is retargeted the same way.
   *
   * @param spec an injected method's spec
   * @param targets the new targets
   * @param label what the new spec is, for errors (e.g. {@code lora on the encoder})
   * @param <S> the spec's type
   * @return the spec with {@code targets}, every other field equal
   * @throws IllegalArgumentException when the method reads the fields back as invalid
   */
  public static <S extends AdapterSpec> S withTargets(S spec, Targets targets, String label) {
    return rewritten(spec, targets, Map.of(), label);
  }

  /**
   * Returns a spec whose module names are renamed (a model family's names for the modules a preset
   * names): each entry of the targets' module list, and every entry of the method's own {@code
   * adapter_config.json} fields that repeats a renamed target entry (IA3's {@code
   * feedforward_modules}, which must name targets), so that every field naming a target module
   * follows the rename. Any registered method is renamed the same way.
   *
   * @param spec an injected method's spec whose targets are a list of module names or globs
   * @param rename a module name or glob to its new name (itself when it keeps its name)
   * @param label what the new spec is, for errors (e.g. {@code IA3 on Whisper})
   * @param <S> the spec's type
   * @return the renamed spec; {@code spec} itself when no target entry changes
   * @throws IllegalArgumentException when the targets are a regular expression or absent, or the
   *     method reads the renamed fields back as invalid
   */
  public static <S extends AdapterSpec> S withModulesRenamed(
      S spec, UnaryOperator<String> rename, String label) {
    Targets targets = spec.targets();
    checkArgument(
        targets != null && !targets.isRegex(),
        "%s: only targets listed by module name can be renamed, got %s",
        label,
        targets);
    List<String> modules = new ArrayList<>();
    Map<String, String> renames = new LinkedHashMap<>();
    for (String m : targets.modules()) {
      String to = rename.apply(m);
      modules.add(to);
      if (!to.equals(m)) {
        renames.put(m, to);
      }
    }
    if (renames.isEmpty()) {
      return spec;
    }
    return rewritten(spec, new Targets(modules, targets.layers()), renames, label);
  }

  /**
   * Writes a spec's fields, renames the entries of its own fields found in {@code renames}, sets
   * the targets and reads the spec back through its method.
   */
  private static <S extends AdapterSpec> S rewritten(
      S spec, Targets targets, Map<String, String> renames, String label) {
    AdapterMethod<S> method = of(spec);
    JsonObject fields = new JsonObject();
    method.writeFields(spec, fields);
    for (String key : List.copyOf(fields.keySet())) {
      fields.add(key, renamed(fields.get(key), renames));
    }
    SpecFields.writeTargets(targets, fields);
    return method.readFields(new SpecFields(fields, label, false, InputLimits.defaults()));
  }

  /** A field's value with its strings (alone or in a list) renamed by {@code renames}. */
  private static JsonElement renamed(JsonElement value, Map<String, String> renames) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      String to = renames.get(value.getAsString());
      return to == null ? value : new JsonPrimitive(to);
    }
    if (value.isJsonArray()) {
      JsonArray out = new JsonArray();
      value.getAsJsonArray().forEach(e -> out.add(renamed(e, renames)));
      return out;
    }
    return value;
  }

  private static String names() {
    return METHODS.stream().map(AdapterMethod::name).collect(Collectors.joining(", "));
  }
}
