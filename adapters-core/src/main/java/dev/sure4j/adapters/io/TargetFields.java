package dev.sure4j.adapters.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.sure4j.adapters.Targets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields every injected method shares in {@code adapter_config.json}: {@code target_modules} (a
 * list of module names or globs, or one regular expression) and {@code layers_to_transform}.
 */
final class TargetFields {

  private TargetFields() {}

  /** See {@link SpecFields#targets()}. */
  static Targets read(SpecFields f) {
    JsonElement m = f.required("target_modules");
    if (m.isJsonPrimitive() && m.getAsJsonPrimitive().isString()) {
      if (f.has("layers_to_transform")) {
        throw f.error(
            "layers_to_transform",
            "is set while target_modules is a regular expression (PEFT refuses this too)",
            null);
      }
      try {
        return Targets.regex(m.getAsString());
      } catch (IllegalArgumentException ex) {
        throw f.error("target_modules", "is invalid: " + ex.getMessage(), ex);
      }
    }
    if (!m.isJsonArray()) {
      throw f.error(
          "target_modules",
          "is "
              + m
              + "; sure4j reads a list of module names or globs, or one regular expression string",
          null);
    }
    List<String> modules = new ArrayList<>();
    for (JsonElement e : m.getAsJsonArray()) {
      modules.add(e.getAsString());
    }
    Set<Integer> layers = new LinkedHashSet<>();
    if (f.has("layers_to_transform")) {
      JsonElement l = f.optElement("layers_to_transform");
      if (l.isJsonArray()) {
        for (int i = 0; i < l.getAsJsonArray().size(); i++) {
          layers.add(l.getAsJsonArray().get(i).getAsInt());
        }
      } else {
        layers.add(f.integer("layers_to_transform"));
      }
    }
    try {
      return new Targets(modules, layers);
    } catch (IllegalArgumentException ex) {
      throw f.error("target_modules", "is invalid: " + ex.getMessage(), ex);
    }
  }

  /** See {@link SpecFields#writeTargets}. */
  static void write(Targets targets, JsonObject out) {
    if (targets.isRegex()) {
      out.addProperty("target_modules", targets.regex());
    } else {
      JsonArray modules = new JsonArray();
      targets.modules().forEach(modules::add);
      out.add("target_modules", modules);
    }
    if (targets.layers().isEmpty()) {
      out.add("layers_to_transform", JsonNull.INSTANCE);
    } else {
      JsonArray layers = new JsonArray();
      targets.layers().forEach(layers::add);
      out.add("layers_to_transform", layers);
    }
  }
}
