package dev.sure4j.adapters.model;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.method.Adapter;
import java.util.List;
import java.util.Map;

/**
 * Which parameters of an {@link AdapterModel} train: base parameters only when an active adapter's
 * method trains them, active adapters and their heads, nothing inactive.
 */
final class Freezing {

  private Freezing() {}

  /**
   * Freezes and un-freezes every parameter.
   *
   * @param baseParameters the base model's parameters by path
   * @param adapters every adapter by name
   * @param active the active adapter names
   */
  static void apply(
      Map<String, Parameter> baseParameters, Map<String, Adapter> adapters, List<String> active) {
    for (Map.Entry<String, Parameter> e : baseParameters.entrySet()) {
      e.getValue().freeze(!trainsBase(adapters, active, e.getKey()));
    }
    for (Adapter a : adapters.values()) {
      boolean train = active.contains(a.name());
      a.blocks().values().forEach(b -> b.getParameters().values().forEach(p -> p.freeze(!train)));
      a.head().ifPresent(h -> h.getParameters().values().forEach(p -> p.freeze(!train)));
    }
  }

  private static boolean trainsBase(
      Map<String, Adapter> adapters, List<String> active, String path) {
    for (String n : active) {
      if (trains(adapters.get(n).spec(), path)) {
        return true;
      }
    }
    return false;
  }

  private static <S extends AdapterSpec> boolean trains(S spec, String path) {
    return AdapterMethods.of(spec).trainsBaseParameter(spec, path);
  }
}
