package dev.sure4j.adapters.model;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.TargetResolver;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.nn.StateDict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an adapter for one base model without attaching it: checks the name, the spec and the
 * head, resolves the targets, checks the sizes, then creates and initialises the blocks.
 */
final class AdapterPreparation {

  private final List<InjectionPoint> points;
  private final Map<String, Parameter> baseParameters;

  AdapterPreparation(List<InjectionPoint> points, Map<String, Parameter> baseParameters) {
    this.points = points;
    this.baseParameters = baseParameters;
  }

  /** Fails with {@code message} (one {@code %s}: the parameter path) on an uninitialised one. */
  static void checkInitialised(Block block, String message) {
    StateDict.of(block, "").forEach((k, p) -> checkArgument(p.isInitialized(), message, k));
  }

  /** See {@link AdapterModel#prepare}; {@code taken} are the names already in the model. */
  Adapter prepare(String name, AdapterSpec spec, Block head, Set<String> taken) {
    checkArgument(
        name != null && name.matches("[A-Za-z0-9_-]+"),
        "adapter names use letters, digits, '_' and '-': '%s'",
        name);
    checkArgument(!taken.contains(name), "adapter '%s' already exists; adapters: %s", name, taken);
    checkArgument(spec != null, "adapter '%s' has no spec", name);
    if (head != null) {
      checkInitialised(
          head,
          "head parameter %s of adapter '"
              + name
              + "' is not initialised: initialise the head first");
    }
    return build(name, AdapterMethods.of(spec), spec, head);
  }

  private <S extends AdapterSpec> Adapter build(
      String name, AdapterMethod<S> method, S spec, Block head) {
    Map<InjectionPoint, Block> blocks = new LinkedHashMap<>();
    Map<String, Parameter> baseTensors = method.ownsBaseTensors() ? baseParameters : Map.of();
    if (method.site().isPresent()) {
      List<InjectionPoint> targets =
          TargetResolver.resolve(points, spec.targets(), method.acceptedSites(), spec.method());
      for (InjectionPoint p : targets) {
        checkArgument(
            !method.mixesPositions() || !p.host().causal(),
            "%s mixes positions over time and cannot sit at %s, in a causal stack decoded one"
                + " position at a time: choose targets outside it",
            spec.method(),
            p.path());
      }
      AdapterSizes.check(name, method, spec, targets, InputLimits.defaults());
      blocks.putAll(method.createBlocks(spec, targets));
      Parameter any = baseParameters.values().iterator().next();
      NDManager manager = any.getArray().getManager();
      DataType dataType = any.getArray().getDataType();
      blocks.forEach((p, b) -> b.initialize(manager, dataType, new Shape(1, 1, p.hidden())));
    }
    return new Adapter(name, method, spec, blocks, head, baseTensors);
  }

  /**
   * Checks that an adapter from {@link #prepare} is new ({@code taken}) and built for this model.
   */
  void checkAttachable(Adapter adapter, Set<String> taken) {
    checkArgument(!taken.contains(adapter.name()), "adapter '%s' already exists", adapter.name());
    for (InjectionPoint p : adapter.blocks().keySet()) {
      checkArgument(
          points.contains(p), "adapter '%s' was prepared for another model", adapter.name());
    }
  }
}
